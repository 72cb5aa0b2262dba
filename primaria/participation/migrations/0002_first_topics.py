"""The first newsletter topics (edited afterwards in the admin)."""

from django.db import migrations

TOPICS = [
    ("hotarari", "Hotărâri ale consiliului local", "Fiecare hotărâre publicată în Monitorul Oficial Local.", "hotarari"),
    ("dispozitii", "Dispoziții ale primarului", "Fiecare dispoziție publicată în Monitorul Oficial Local.", "dispozitii"),
    ("consultari", "Consultări publice", "Proiectele de acte normative puse în consultare publică.", "consultari"),
    ("dezbateri", "Dezbateri publice", "Data, locul și ordinea de zi ale fiecărei dezbateri publice.", "dezbateri"),
    ("achizitii", "Achiziții publice", "Anunțurile de achiziție publică ale primăriei.", "achizitii"),
    ("concursuri", "Concursuri de angajare", "Posturile scoase la concurs.", "concursuri"),
    ("anunturi", "Alerte și anunțuri", "Alte acte publicate și anunțurile primăriei.", "alte-acte"),
]


def add_topics(apps, schema_editor):
    Topic = apps.get_model("participation", "Topic")
    for order, (slug, name, description, feed) in enumerate(TOPICS):
        Topic.objects.get_or_create(slug=slug, defaults={"name": name, "description": description, "feed": feed,
                                                         "order": order})


class Migration(migrations.Migration):
    dependencies = [("participation", "0001_initial")]

    operations = [migrations.RunPython(add_topics, migrations.RunPython.noop)]
