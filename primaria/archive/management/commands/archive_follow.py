"""Keep this node's search index up to date from the database (PRIMARIA_SEARCH_PER_NODE; archive/follower.py)."""

from django.core.management.base import BaseCommand

from primaria.archive import follower


class Command(BaseCommand):
    help = ("Ține la zi indexul de căutare al acestui nod din evenimentele `archive.index` din baza de date "
            "(un singur proces pe nod).")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="O singură trecere, apoi oprire.")
        parser.add_argument("--interval", type=float, default=2.0, help="Secunde de pauză când nu e nimic de făcut.")

    def handle(self, *, once=False, interval=2.0, **options):
        if once:
            result = follower.follow_once()
            if result["rebuilt"] is not None:
                self.stdout.write(f"Index reconstruit: {result['rebuilt']} pagini.")
            self.stdout.write(f"{result['applied']} evenimente aplicate.")
            return
        follower.follow(interval=interval)
