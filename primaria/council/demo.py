# i18n: ro (demo data: the demo city's records are Romanian)
"""The demo council: 15 councillors in office (the deputy mayor among them, who chairs the sessions with his own
account), three specialty committees and a normative draft under public consultation since today, so that
/consultare-publica/ and /birou/consiliu/ have something to show, and a draft withdrawn by its initiator. Run by `manage.py load_demo_city`; loading again
adds nothing."""

from django.db import transaction

COUNCILLORS = [
    ("Andrei Stan", "Grupul PNL"), ("Bianca Marin", "Grupul PSD"), ("Cristian Dobre", "Grupul USR"),
    ("Diana Lupu", "Grupul PNL"), ("Emil Radu", "Grupul PSD"), ("Florina Tudor", "Grupul USR"),
    ("George Ene", "Grupul PNL"), ("Horia Matei", "Grupul PSD"), ("Ioana Preda", "Grupul PNL"),
    ("Laura Neagu", "Grupul PSD"), ("Mircea Sava", "Grupul USR"), ("Nicoleta Voicu", "Grupul PNL"),
    ("Ovidiu Pop", "Grupul PSD"), ("Petra Iliescu", "Independent"),
]
COMMITTEES = ["Comisia pentru buget-finanțe", "Comisia pentru urbanism și amenajarea teritoriului",
              "Comisia juridică și de disciplină"]


@transaction.atomic
def load_demo_council():
    from primaria.accounts.models import User
    from primaria.institutions.selectors import main_institution

    from . import services
    from .models import Committee, Councillor

    institution = main_institution()
    if Councillor.objects.filter(institution=institution).exists():
        return
    deputy = User.objects.filter(email="viceprimar@primaria-demo.ro").first()
    members = []
    if deputy is not None:
        members.append(Councillor.objects.create(institution=institution, user=deputy, email=deputy.email,
                                                 full_name=deputy.get_full_name() or deputy.email,
                                                 party_group="Grupul PNL"))
    for index, (name, group) in enumerate(COUNCILLORS):
        members.append(Councillor.objects.create(institution=institution, full_name=name, party_group=group,
                                                 email=f"consilier{index + 1}@primaria-demo.ro"))
    for index, name in enumerate(COMMITTEES):
        committee = Committee.objects.create(institution=institution, name=name)
        committee.members.set(members[index * 5:(index + 1) * 5])
    office = User.objects.filter(email="sg.specialist@primaria-demo.ro").first()
    if office is None:
        return
    draft = services.create_draft(
        actor=office, title="aprobarea Regulamentului privind gestionarea deșeurilor municipale",
        initiator="Primarul Municipiului Demo", normative=True,
        body="Art. 1. Se aprobă Regulamentul privind gestionarea deșeurilor municipale, prevăzut în anexă.\n"
             "Art. 2. Primarul asigură aducerea la îndeplinire a prezentei hotărâri.",
        referat="Referat de aprobare: regulamentul pune în aplicare OUG nr. 92/2021 privind regimul deșeurilor.",
        report="Raportul Direcției de utilități publice: proiectul este legal și oportun.")
    services.open_consultation(actor=office, draft_id=draft)
    # A draft the deputy mayor initiated and withdrew: it stays in the register of draft decisions as "retras".
    if deputy is not None:
        withdrawn = services.create_draft(
            actor=office, title="acordarea unui drept de folosință gratuită asupra sălii de sport a Școlii nr. 2",
            initiator=deputy.get_full_name() or deputy.email, initiator_user=deputy,
            body="Art. 1. Se acordă Clubului Sportiv Demo dreptul de folosință gratuită asupra sălii de sport.",
            referat="Referat de aprobare al viceprimarului.",
            report="Raportul Serviciului Patrimoniu: proiectul este legal.")
        services.withdraw_draft(actor=deputy, draft_id=withdrawn,
                                reason="Retras pentru completarea documentației cu acordul școlii.")
