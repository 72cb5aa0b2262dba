"""Archive search benchmark: 1,500,000 synthetic Romanian pages, searched through the application and
through the bare engine.

    .venv/bin/python benchmarks/archive_search.py --pages 1500000 --dir /tmp/primaria-archive-bench

1. Data: a scratch embedded deployment (SQLite, tantivy) in --dir with the demo city and its demo
   nomenclator; 50-page documents in binders of at most 300 pages spread over the nomenclator's entries
   and the years 2000-2025; every page 120-280 words drawn from a Zipf distribution (s = 1.05) over a
   Romanian vocabulary (function words, inflected administrative words, then a long tail of Romanian-
   looking words), with 10 % of the ș/ț written in the cedilla spelling (ş/ţ) and some words in capitals,
   as OCR output mixes them. Pages go into ArchivePage rows, as digitisation leaves them.
2. Build: the application's `rebuild_index()` (reads every page from the database and writes the
   tantivy index): wall time and size on disk.
3. Queries: terms picked after the build by their document frequency (the 3 terms nearest to 80 %,
   nearest to 15 %, and rare terms on about 150 pages). Each query is a top-20 search, repeated;
   p50/p99 through the application's `selectors.search` (parsing, access filters, engine, snippets,
   hydration of the 20 documents from the database, URLs) as the secretary general (sees everything),
   as a head of department (a department filter) and as the public (published documents only), and
   through the bare engine (a tantivy TermQuery, top 20 with the total count, no snippets).

The results are printed as Markdown and saved as JSON in benchmarks/results/.
"""

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES_PER_DOCUMENT = 50
YEARS = list(range(2000, 2026))


def log(message):
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


# --- a Romanian vocabulary ---------------------------------------------------------------------------------

FUNCTION_WORDS = (
    "de și la în a cu pentru din care pe nr al ale prin se sau nu este sunt conform privind după până o un ca mai "
    "art alin lit precum iar fiind acest această aceste acestui către asupra între dintre fără sub lângă cât"
).split()

# (lemma, inflected forms) for administrative words; the forms share a stem more often than not.
LEMMAS = """autorizație autorizația autorizației autorizații autorizațiile autorizațiilor
certificat certificatul certificatului certificate certificatele certificatelor
hotărâre hotărârea hotărârii hotărâri hotărârile hotărârilor
dispoziție dispoziția dispoziției dispoziții dispozițiile dispozițiilor
cerere cererea cererii cereri cererile cererilor
construcție construcția construcției construcții construcțiile construcțiilor
impozit impozitul impozitului impozite impozitele impozitelor
taxă taxa taxei taxe taxele taxelor
contract contractul contractului contracte contractele contractelor
proprietate proprietatea proprietății proprietăți proprietățile proprietăților
teren terenul terenului terenuri terenurile terenurilor
clădire clădirea clădirii clădiri clădirile clădirilor
stradă strada străzii străzi străzile străzilor
locuință locuința locuinței locuințe locuințele locuințelor
consiliu consiliul consiliului consilii consiliile consiliilor
primar primarul primarului primari primarii primarilor
primărie primăria primăriei primării primăriile primăriilor
secretar secretarul secretarului secretari secretarii secretarilor
contribuabil contribuabilul contribuabilului contribuabili contribuabilii contribuabililor
declarație declarația declarației declarații declarațiile declarațiilor
situație situația situației situații situațiile situațiilor
informație informația informației informații informațiile informațiilor
document documentul documentului documente documentele documentelor
dosar dosarul dosarului dosare dosarele dosarelor
aviz avizul avizului avize avizele avizelor
plan planul planului planuri planurile planurilor
lucrare lucrarea lucrării lucrări lucrările lucrărilor
buget bugetul bugetului bugete bugetele bugetelor
școală școala școlii școli școlile școlilor
drum drumul drumului drumuri drumurile drumurilor
instanță instanța instanței instanțe instanțele instanțelor
sentință sentința sentinței sentințe sentințele sentințelor
registru registrul registrului registre registrele registrelor
anexă anexa anexei anexe anexele anexelor
proces procesul procesului procese procesele proceselor
verbal verbalul verbalului verbale verbalele
ședință ședința ședinței ședințe ședințele ședințelor
beneficiar beneficiarul beneficiarului beneficiari beneficiarii beneficiarilor
solicitant solicitantul solicitantului solicitanți solicitanții solicitanților
termen termenul termenului termene termenele termenelor
act actul actului acte actele actelor
lege legea legii legi legile legilor
ordin ordinul ordinului ordine ordinele ordinelor
familie familia familiei familii familiile familiilor
copil copilul copilului copii copiii copiilor
ajutor ajutorul ajutorului ajutoare ajutoarele ajutoarelor
indemnizație indemnizația indemnizației indemnizații indemnizațiile indemnizațiilor
urbanism urbanismul urbanismului
amplasament amplasamentul amplasamentului amplasamente amplasamentele
extravilan extravilanul extravilanului
intravilan intravilanul intravilanului
cadastru cadastrul cadastrului
carte cartea cărții cărți cărțile cărților
funciară funciare funciarei
notificare notificarea notificării notificări notificările
sesizare sesizarea sesizării sesizări sesizările sesizărilor
petiție petiția petiției petiții petițiile petițiilor
răspuns răspunsul răspunsului răspunsuri răspunsurile răspunsurilor
aprobare aprobarea aprobării aprobări aprobările
executare executarea executării
demolare demolarea demolării demolări
reabilitare reabilitarea reabilitării
finanțare finanțarea finanțării finanțări
licitație licitația licitației licitații licitațiile licitațiilor
achiziție achiziția achiziției achiziții achizițiile achizițiilor
concesiune concesiunea concesiunii concesiuni concesiunile
închiriere închirierea închirierii închirieri
autoturism autoturismul autoturismului autoturisme autoturismele
vehicul vehiculul vehiculului vehicule vehiculele vehiculelor
certificare certificarea certificării
adeverință adeverința adeverinței adeverințe adeverințele adeverințelor
nomenclatură nomenclatura nomenclaturii
stare starea stării stări stările
civilă civile civilei
naștere nașterea nașterii nașteri nașterile nașterilor
căsătorie căsătoria căsătoriei căsătorii căsătoriile
deces decesul decesului decese decesele
""".strip().splitlines()

SYLLABLES = ("ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go la le li lo lu ma me mi mo mu "
             "na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zi "
             "ță ți șa șe și șo ște ști stră tră pră bră cră âr în ân ăr ăl ăm ăn ul ului ilor elor ea ia iu").split()


def vocabulary(size: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    words = list(FUNCTION_WORDS)
    for line in LEMMAS:
        words.extend(line.split())
    seen = set(words)
    while len(words) < size:
        word = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.choice((2, 3, 3, 4))))
        if word not in seen and len(word) > 3:
            seen.add(word)
            words.append(word)
    return words


CEDILLA = str.maketrans({"ș": "ş", "ț": "ţ"})


def page_texts(args):
    """Pages [start, stop) of the corpus (a worker process makes them)."""
    start, stop, vocab_size, seed = args
    vocab = vocabulary(vocab_size)
    weights = [1 / (rank ** 1.05) for rank in range(1, len(vocab) + 1)]
    cumulative = []
    total = 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    out = []
    for number in range(start, stop):
        rnd = random.Random(seed * 1_000_003 + number)
        words = rnd.choices(vocab, cum_weights=cumulative, k=rnd.randint(120, 280))
        for i in range(len(words)):
            roll = rnd.random()
            if roll < 0.10:
                words[i] = words[i].translate(CEDILLA)
            elif roll < 0.12:
                words[i] = words[i].upper()
        lines = [" ".join(words[i:i + 12]) for i in range(0, len(words), 12)]
        out.append("\n".join(lines))
    return start, out


# --- building the data ---------------------------------------------------------------------------------------


def setup_django(directory: Path, postgres_url: str = ""):
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings", "PRIMARIA_VAR_DIR": str(directory),
        "PRIMARIA_SEARCH_DIR": str(directory / "search"), "PRIMARIA_TASKS_IMMEDIATE": "1",
        "PRIMARIA_LOG_LEVEL": "WARNING", "PRIMARIA_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    })
    os.environ.pop("DATABASE_URL", None)  # the embedded default: SQLite in --dir
    import django
    from django.conf import settings

    if postgres_url:  # a second database, for the PostgreSQL engine's comparison
        import dj_database_url

        settings.DATABASES["pgbench"] = dj_database_url.parse(postgres_url)
    django.setup()


def generate(pages: int, vocab_size: int, seed: int, published_share: float):
    from multiprocessing import Pool

    from django.core.management import call_command
    from django.db import connection, transaction

    from primaria.archive import demo
    from primaria.archive.models import ArchiveDocument, ArchivePage, ArchiveUnit, UnitKind
    from primaria.demo.loader import load_demo_city

    call_command("migrate", verbosity=0)
    city = load_demo_city()
    entries = [e for e in demo.load_nomenclator(city) if e.institution_id == city.pk]
    holders = {e.pk: f"Primăria Municipiului Demo – {e.department.name}" for e in entries}
    have = ArchivePage.objects.count()
    if have >= pages:
        log(f"the database already holds {have} pages")
        return
    if have:
        raise SystemExit(f"{have} pages from an interrupted run: delete {connection.settings_dict['NAME']} first")
    rnd = random.Random(seed)
    documents = -(-pages // PAGES_PER_DOCUMENT)
    log(f"creating {documents} documents in binders of up to 300 pages")
    units, plan = {}, []
    for d in range(documents):
        entry = entries[d % len(entries)]
        year = YEARS[(d // len(entries)) % len(YEARS)]
        key = (entry.pk, year)
        volume, filled = units.get(key, (1, 0))
        if filled + PAGES_PER_DOCUMENT > 300:
            volume, filled = volume + 1, 0
        units[key] = (volume, filled + PAGES_PER_DOCUMENT)
        plan.append((entry, year, volume))
    unit_rows = {}
    with transaction.atomic():
        for entry, year, volume in {(e, y, v) for e, y, v in plan}:
            unit_rows[(entry.pk, year, volume)] = ArchiveUnit(
                institution=city, entry=entry, year=year, kind=UnitKind.BINDER, volume=volume, title=entry.title,
                retention_years=entry.retention_years, status="closed")
        ArchiveUnit.objects.bulk_create(unit_rows.values(), batch_size=2000)
        unit_ids = {(u.entry_id, u.year, u.volume): u.pk for u in ArchiveUnit.objects.all()}
        batch = []
        for d, (entry, year, volume) in enumerate(plan, start=1):
            batch.append(ArchiveDocument(
                identifier=f"PMD-ARH-BENCH-{d:07d}", natural_key=f"bench:{d}", institution=city,
                unit_id=unit_ids[(entry.pk, year, volume)], department_id=entry.department_id, source="scan",
                title=f"{entry.title} – documentul {d}", doc_type=["Autorizație de construire", "Hotărâre", "Dispoziție",
                                                                   "Certificat de urbanism", "Contract", "Proces-verbal"][d % 6],
                issuer="Primăria Municipiului Demo", holder=holders[entry.pk],
                keywords="", retention_years=entry.retention_years, sha256=f"{d:064x}", page_count=PAGES_PER_DOCUMENT,
                text_status="done", published=rnd.random() < published_share,
            ))
        ArchiveDocument.objects.bulk_create(batch, batch_size=2000)
    document_ids = list(ArchiveDocument.objects.order_by("pk").values_list("pk", flat=True))
    log(f"generating {pages} pages of text (2 processes) and storing them")
    started = time.monotonic()
    chunk = 20_000
    tasks = [(s, min(s + chunk, pages), vocab_size, seed) for s in range(0, pages, chunk)]
    table = ArchivePage._meta.db_table
    with Pool(2) as pool:
        for start, texts in pool.imap(page_texts, tasks):
            rows = [(document_ids[(start + i) // PAGES_PER_DOCUMENT], (start + i) % PAGES_PER_DOCUMENT + 1, text)
                    for i, text in enumerate(texts)]
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {table} (document_id, number, text) VALUES (%s, %s, %s)", rows)
            done = start + len(texts)
            if done % 200_000 < chunk:
                log(f"  {done} pages ({done / (time.monotonic() - started):.0f} pages/s)")
    log(f"pages stored in {time.monotonic() - started:.0f} s")


def directory_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# --- queries -----------------------------------------------------------------------------------------------


def pick_terms(vocab_size: int):
    """Query words by document frequency in the index: nearest to 80 %, nearest to 15 %, about 150 pages."""
    from primaria.search.engines import search_engine
    from primaria.search.text import analyze

    engine = search_engine()
    searcher = engine._state()["index"].searcher()
    total = searcher.num_docs
    by_stem = {}
    for word in vocabulary(vocab_size):
        terms = analyze(word)
        if len(terms) == 1 and terms[0] not in by_stem:
            by_stem[terms[0]] = word
    frequencies = [(searcher.doc_freq("text", stem) / total, stem, word) for stem, word in by_stem.items()]

    def nearest(target, n=3):
        return sorted(frequencies, key=lambda f: abs(f[0] - target))[:n]

    return total, {"rare": nearest(150 / total), "15%": nearest(0.15), "80%": nearest(0.80)}


def percentiles(samples):
    samples = sorted(samples)
    return {"p50": statistics.median(samples), "p99": samples[min(len(samples) - 1, int(len(samples) * 0.99))],
            "mean": statistics.fmean(samples)}


def measure(function, queries, repeat):
    for query in queries * 3:  # warm-up
        function(query)
    samples = []
    for i in range(repeat):
        query = queries[i % len(queries)]
        started = time.perf_counter()
        function(query)
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


def run_queries(vocab_size: int, repeat: int):
    from tantivy import Query

    from primaria.accounts.models import User
    from primaria.archive import selectors
    from primaria.search.engines import search_engine

    total, terms = pick_terms(vocab_size)
    secretary = User.objects.get(email="secretar@primaria-demo.ro")
    head = User.objects.get(email="urb.sef@primaria-demo.ro")
    state = search_engine()._state()
    index = state["index"]
    schema = index.schema
    rows = []
    for category, chosen in terms.items():
        words = [w for _f, _s, w in chosen]
        stems = [s for _f, s, _w in chosen]
        share = statistics.fmean(f for f, _s, _w in chosen)
        hits = selectors.search(user=secretary, text=words[0]).total

        def bare(stem):
            return index.searcher().search(Query.term_query(schema, "text", stem), limit=20)

        def bare_nocount(stem):
            return index.searcher().search(Query.term_query(schema, "text", stem), limit=20, count=False)

        results = {
            "app (secretary general)": measure(lambda w: selectors.search(user=secretary, text=w), words, repeat),
            "app (head of department)": measure(lambda w: selectors.search(user=head, text=w), words, repeat),
            "app (public)": measure(lambda w: selectors.search(public=True, text=w), words, repeat),
            "bare engine": measure(bare, stems, repeat),
            "bare engine, no count": measure(bare_nocount, stems, repeat),
        }
        rows.append({"category": category, "words": words, "stems": stems, "share": share, "hits_first": hits,
                     "results": results})
        log(f"{category:>5} {words} ({share:.2%} of pages): " + ", ".join(
            f"{name} p50 {r['p50']:.2f} p99 {r['p99']:.2f}" for name, r in results.items()))
    return total, rows


def postgres_comparison(pages: int, rows, repeat: int):
    """The same words through PostgreSQL ranked full-text search (the `postgres` engine) on `pages` pages."""
    from itertools import islice

    from primaria.archive.selectors import all_indexed_pages
    from primaria.search.engines import Filters, engines
    from primaria.search.postgres_engine import _tsquery
    from primaria.search.text import parse_query

    engine = engines["postgres"]
    engine.using = "pgbench"
    result = {"pages": pages}
    if engine.count() != pages:
        log(f"loading {pages} pages into PostgreSQL (search_pg_page, GIN index on the tsvector)")
        started = time.monotonic()
        engine.rebuild(islice(all_indexed_pages(), pages))
        result["build_seconds"] = time.monotonic() - started
        log(f"loaded in {result['build_seconds']:.0f} s")
    connection = engine.connection

    def sql_only(word):
        query = parse_query(word)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT document_id, page, ts_rank_cd(terms, q) AS rank FROM search_pg_page, to_tsquery('simple', %s) q "
                "WHERE terms @@ q ORDER BY rank DESC LIMIT 20", [_tsquery(query.clauses, query.excluded)])
            return cursor.fetchall()

    result["queries"] = []
    for row in rows:
        words = row["words"]
        measured = {
            "postgres SQL (ranked top 20)": measure(sql_only, words, repeat),
            "postgres engine search() (top 20, count, snippets)": measure(
                lambda w: engine.search(parse_query(w), Filters(), limit=20), words, repeat),
        }
        result["queries"].append({"category": row["category"], "words": words, "results": measured})
        log(f"postgres {row['category']:>5} {words}: " + ", ".join(
            f"{name} p50 {r['p50']:.1f} p99 {r['p99']:.1f}" for name, r in measured.items()))
    return result


def postgres_only(args, result):
    saved = [json.loads(path.read_text()) for path in sorted((ROOT / "benchmarks" / "results").glob("archive-search-*.json"))]
    saved = [run for run in saved if run.get("pages_in_index") == args.pages and run.get("queries")]
    if not saved:
        sys.exit(f"No saved run on {args.pages} pages: run without --postgres-only first.")
    rows = [{"category": row["category"], "words": row["words"]} for row in saved[-1]["queries"]]
    result["load_before"] = os.getloadavg()
    result["postgres"] = postgres_comparison(args.postgres_pages, rows, args.postgres_repeat)
    result["load_after"] = os.getloadavg()
    out = ROOT / "benchmarks" / "results" / f"archive-search-postgres-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    pg = result["postgres"]
    print(f"PostgreSQL, {pg['pages']:,} pages (load average {result['load_before'][0]:.1f} before, "
          f"{result['load_after'][0]:.1f} after):")
    print("| query | path | p50 ms | p99 ms |")
    print("|---|---|---|---|")
    for row in pg["queries"]:
        for name, r in row["results"].items():
            print(f"| {row['category']} ({', '.join(row['words'])}) | {name} | {r['p50']:.1f} | {r['p99']:.1f} |")
    print(f"saved {out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1_500_000)
    parser.add_argument("--dir", default="/tmp/primaria-archive-bench")
    parser.add_argument("--vocabulary", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--published", type=float, default=0.05, help="share of published documents")
    parser.add_argument("--skip-build", action="store_true", help="query the index already built in --dir")
    parser.add_argument("--postgres", default="", help="URL of a PostgreSQL database for the comparison")
    parser.add_argument("--postgres-pages", type=int, default=300_000)
    parser.add_argument("--postgres-repeat", type=int, default=30)
    parser.add_argument("--postgres-only", action="store_true",
                        help="only the PostgreSQL comparison, on the pages already generated in --dir, with the words "
                             "of the last saved run on --pages pages (the load is skipped when PostgreSQL has them)")
    args = parser.parse_args()
    directory = Path(args.dir)
    directory.mkdir(parents=True, exist_ok=True)
    setup_django(directory, args.postgres)
    from django.db import connection

    from primaria.archive import services

    result = {"pages_requested": args.pages, "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                                          "platform": platform.platform()},
              "database": connection.vendor, "started": datetime.now().isoformat(timespec="seconds")}
    if args.postgres_only:
        return postgres_only(args, result)
    started = time.monotonic()
    generate(args.pages, args.vocabulary, args.seed, args.published)
    result["generate_seconds"] = time.monotonic() - started
    search_dir = directory / "search"
    if not args.skip_build:
        shutil.rmtree(search_dir, ignore_errors=True)
        log("building the index through the application (rebuild_index)")
        started = time.monotonic()
        indexed = services.rebuild_index()
        result["build_seconds"] = time.monotonic() - started
        result["indexed_pages"] = indexed
        log(f"indexed {indexed} pages in {result['build_seconds']:.0f} s")
    result["index_bytes"] = directory_size(search_dir)
    result["text_bytes"] = None
    with connection.cursor() as cursor:
        cursor.execute("SELECT SUM(LENGTH(text)) FROM archive_archivepage")
        result["text_chars"] = cursor.fetchone()[0]
    log(f"index size {result['index_bytes'] / 2**30:.2f} GiB for {result['text_chars'] / 2**30:.2f} Gi characters of text")
    total, rows = run_queries(args.vocabulary, args.repeat)
    result["pages_in_index"] = total
    result["queries"] = rows
    if args.postgres:
        result["postgres"] = postgres_comparison(args.postgres_pages, rows, args.postgres_repeat)
    try:
        result["cpu"] = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo"], capture_output=True, text=True).stdout.strip()
    except OSError:
        pass
    out = ROOT / "benchmarks" / "results" / f"archive-search-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print()
    print(f"Pages: {total:,}; build {result.get('build_seconds', 0):.0f} s; index {result['index_bytes'] / 2**30:.2f} GiB")
    print("| query | share of pages | path | p50 ms | p99 ms |")
    print("|---|---|---|---|---|")
    for row in rows:
        for name, r in row["results"].items():
            print(f"| {row['category']} ({', '.join(row['words'])}) | {row['share']:.2%} | {name} | {r['p50']:.2f} | {r['p99']:.2f} |")
    if args.postgres:
        pg = result["postgres"]
        print(f"\nPostgreSQL, {pg['pages']:,} pages:")
        print("| query | path | p50 ms | p99 ms |")
        print("|---|---|---|---|")
        for row in pg["queries"]:
            for name, r in row["results"].items():
                print(f"| {row['category']} ({', '.join(row['words'])}) | {name} | {r['p50']:.1f} | {r['p99']:.1f} |")
    print(f"saved {out}")


if __name__ == "__main__":
    main()
