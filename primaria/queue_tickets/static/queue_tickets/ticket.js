/* A "print" button on the ticket page (the kiosk's printer, or the phone's "save as PDF"). */
(function () {
  var actions = document.querySelector(".ticket-actions");
  if (!actions || !window.print || !actions.getAttribute("data-print")) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button";
  button.textContent = actions.getAttribute("data-print");  // in the page's language
  button.addEventListener("click", function () { window.print(); });
  actions.insertBefore(button, actions.firstChild);
})();
