from django.db import migrations

TEXTS = {
    "newsletter": (
        "Sunt de acord să primesc pe adresa de e-mail a contului buletinul informativ al primăriei (noutăți "
        "despre servicii, consultări publice, evenimente), cel mult o dată pe săptămână. Adresa mea nu este "
        "folosită în alt scop și nu este dată altora. Pot retrage acordul oricând, din pagina „Datele mele” "
        "sau din linkul aflat în fiecare mesaj."
    ),
    "alerte": (
        "Sunt de acord să primesc pe adresa de e-mail și la numărul de telefon ale contului alerte ale "
        "primăriei despre avarii la utilități, vreme severă, lucrări și restricții de trafic în localitate. "
        "Datele mele de contact nu sunt folosite în alt scop și nu sunt date altora. Pot retrage acordul "
        "oricând, din pagina „Datele mele”."
    ),
}


def publish(apps, schema_editor):
    ConsentText = apps.get_model("privacy", "ConsentText")
    for purpose, text in TEXTS.items():
        ConsentText.objects.get_or_create(purpose=purpose, version=1, defaults={"text": text})


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_consents_and_exports")]

    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
