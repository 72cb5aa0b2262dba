from primaria.alerts.models import Alert, Subscription
from primaria.notifications.models import Notification

from .conftest import drain


def test_the_demo_city_has_alerts_and_a_subscribed_resident_and_loading_it_sends_nothing(city, mailbox):
    drain()
    published = Alert.objects.filter(status="published")
    assert {a.topic for a in published} == {"apa", "circulatie", "lucrari", "caldura"}
    assert {a.geometry["type"] for a in published} >= {"Polygon", "LineString"}
    maria = Subscription.objects.get(user__email="maria.ionescu@example.ro")
    assert maria.status == "active" and "apa" in maria.topics
    assert not Notification.objects.filter(template__startswith="alerts/").exists()
    from primaria.demo.loader import load_demo_city

    load_demo_city()  # again, as every `make run` does: nothing new
    assert Alert.objects.count() == published.count() and Subscription.objects.count() == 1
