/* The hall's display: htmx redraws the board when a call happens (see _board.html); this script only adds
   the spoken announcement (Web Speech API), which the clerk turns on once per screen, since browsers speak
   only after a press. Without it, the aria-live region and the redrawn board still tell every call. */
(function () {
  var region = document.getElementById("anunt");
  var toggle = document.getElementById("voce");
  if (!region || !toggle || !("speechSynthesis" in window)) return;
  toggle.parentNode.hidden = false;
  var on = false;
  function speak() {
    if (!on) return;
    var item = region.querySelector("[data-speak]");
    if (!item) return;
    var words = new SpeechSynthesisUtterance(item.getAttribute("data-speak"));
    words.lang = toggle.getAttribute("data-lang") || document.documentElement.lang || "ro";
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(words);
  }
  toggle.addEventListener("click", function () {
    on = !on;
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    // The button's words come from the page, in its language.
    toggle.textContent = toggle.getAttribute(on ? "data-on" : "data-off");
    speak();
  });
  new MutationObserver(speak).observe(region, {childList: true, subtree: true, characterData: true});
})();
