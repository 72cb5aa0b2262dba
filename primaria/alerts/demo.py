"""i18n: ro (demo data, Romanian by design).

The demo city's local alerts: a water cut in part of the east district, a traffic restriction along a stretch of
Bd. Revoluției, planned works on Str. Grădinii and an announced heating cut; Maria Ionescu (Bd. Revoluției nr. 17)
is subscribed to the area around her home, by e-mail and in her account (after the demo's alerts, so loading the
demo sends nothing; what an official publishes over her street then reaches her).

Idempotent: an alert still in force with the same title is left as it is; once over, the next load makes a new one
with dates around today.
"""

import datetime

from django.utils import timezone

from primaria.accounts.models import User
from primaria.institutions.models import Department

from . import services
from .models import Alert, AlertStatus, Subscription, SubscriptionKind

PUBLISHER = "adp.sef@primaria-demo.ro"
RESIDENT = "maria.ionescu@example.ro"
# Around Bd. Revoluției nr. 17 (Maria's home), drawn on the map.
HOME_AREA = {"type": "Polygon", "coordinates": [[[21.236, 45.7525], [21.246, 45.7525], [21.246, 45.7565],
                                                 [21.236, 45.7565], [21.236, 45.7525]]]}
ALERTS = [
    # topic, title, description, geometry, start (hours from now), duration (hours)
    ("apa", "Întrerupere apă în Cartierul Est (zona Mărășești)",
     "Din cauza înlocuirii unei conducte magistrale, apa rece este oprită. Cisterne cu apă potabilă stau la "
     "intersecția Str. Mărășești cu Bd. Revoluției.",
     {"type": "Polygon", "coordinates": [[[21.228, 45.736], [21.245, 45.736], [21.245, 45.7535], [21.228, 45.7535],
                                          [21.228, 45.736]]]}, -2, 30),
    ("circulatie", "Restricție de circulație pe Bd. Revoluției",
     "Banda a doua este închisă pentru refacerea carosabilului. Circulația se desfășoară pe o bandă pe sens; "
     "stația de autobuz se mută cu 50 m.",
     {"type": "LineString", "coordinates": [[21.2257, 45.7537], [21.245, 45.7545], [21.255, 45.7542]]}, -1, 72),
    ("lucrari", "Lucrări planificate: modernizarea Str. Grădinii",
     "Se refac trotuarele și iluminatul public. Accesul la locuințe rămâne deschis.",
     {"type": "LineString", "coordinates": [[21.235, 45.76], [21.25, 45.765], [21.262, 45.77]]}, 48, 24 * 20),
    ("caldura", "Întrerupere căldură și apă caldă în Cartierul Nord",
     "Revizia anuală a punctului termic PT 4: agentul termic și apa caldă sunt oprite.", "nord", 72, 10),
]


def load_demo_alerts():
    publisher = User.objects.filter(email=PUBLISHER).first()
    resident = User.objects.filter(email=RESIDENT).first()
    if publisher is None:
        return
    department = Department.objects.filter(code__iexact="dip", institution__code="ADP").first() or \
        Department.objects.filter(institution__code="ADP").exclude(code__iexact="reg").first()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for topic, title, description, shape, start, hours in ALERTS:
        if Alert.objects.filter(title=title, status=AlertStatus.PUBLISHED, ends_at__gt=timezone.now()).exists():
            continue
        if isinstance(shape, str):
            shape = services.compose_geometry(district_codes=[shape])
        starts = now + datetime.timedelta(hours=start)
        alert = services.save_draft(actor=publisher, topic=topic, title=title, description=description,
                                    geometry_value=shape, starts_at=starts,
                                    ends_at=starts + datetime.timedelta(hours=hours), department_id=department.pk)
        services.publish(actor=publisher, alert_id=alert.pk)
    # Subscribed after the alerts above, so loading the demo sends nothing; the next alert an official publishes
    # over her street reaches her by e-mail and in her account.
    if resident is not None and not Subscription.objects.filter(user=resident).exists():
        services.subscribe(actor=resident, kind=SubscriptionKind.AREA, label="Acasă (Bd. Revoluției nr. 17)",
                           geojson=HOME_AREA, topics=["apa", "circulatie", "lucrari", "caldura", "curent"],
                           channels=["email", "inapp"])
