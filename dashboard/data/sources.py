"""Where each source really lives: its canonical URL, its kind and its publisher.

A source is the copy that was read (``read_url`` in data/sources.csv). Its canonical URL (``url``)
is the same page or document on its publisher's own site where one is known:

1. a reprint whose original was found (``ORIGINALS``) → the original;
2. a copy of a UN document on a mirror site, identified by its symbol (``DOCUMENTS``) → the
   document by symbol on the UN Official Document System (https://undocs.org/SYMBOL);
3. a page on a test or development host (``PRODUCTION_HOSTS``) → the same path on the public host;
4. otherwise the copy read is the canonical URL.

The kind and publisher are those of the canonical URL's site (``PUBLISHERS``). The rules are the
one place the mapping is written: `python -m dashboard.data.sources [DATA_DIR]` rewrites url,
kind and publisher of every row of sources.csv from its read_url, and a test checks that the
committed file is what the rules give.
"""

import csv
import io
import re
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dashboard.data import commit
from dashboard.data.schema import vocabulary
from dashboard.paths import DATA_DIR

KINDS = vocabulary("sources", "kind")  # in the schema's order: primary sources first

# Test and development hosts on which a stored copy of a public page was found → the public host.
PRODUCTION_HOSTS = {
    "web.test.ohchr.un-icc.cloud": "www.ohchr.org",
    "web.dev.ohchr.un-icc.cloud": "www.ohchr.org",
}
# Query parameters of those hosts' content system that are not part of the page's address.
DROPPED_PARAMETERS = {"sub-site"}

UNDOCS = "https://undocs.org/"
FIELDS = ("url", "read_url", "kind", "publisher", "url_checked")

# Copies read on a test host whose public address (the same path on the public host) a stored
# copy has confirmed. Until one is listed here, such an address is marked url_checked = false.
CONFIRMED_PUBLIC: set[str] = set()

# Copies of UN documents on mirror sites whose symbol is established by what was read there, as
# each entry says: "symbol on the page" (the stored copy shows it), "report table" (the reference's
# table of reports read the document there), "read in the report" (a recommendation read in the
# report itself, high confidence) or "research note" (a note of the research pass names it).
# Copies whose symbol is not shown, is itself assumed, or that may be a State's reply rather than
# the report stay mirrors. Key: an Atlas of Torture document id (its /document/ and /entity/
# pages), or the URL read.
DOCUMENTS = {
    "atlas:2zg2l2yetf6": "CAT/OP/ROU/1",  # read in the report
    "atlas:4u9c3snp1u7uiblbp8o512a9k9": "CAT/OP/MDV/1",  # report table; read in the report
    "atlas:73194qagtw3": "CAT/OP/KAZ/1",  # read in the report
    "atlas:7qvg770q4rr": "CAT/OP/PRY/2",  # read in the report; research note (paras 1-2)
    "atlas:7neo9qhox43": "CAT/OP/BEN/3",  # symbol on the page
    "atlas:890ys9mg93k": "CAT/OP/MRT/2",  # symbol on the page
    "atlas:8f0q1cpudle": "CAT/OP/PRT/1",  # read in the report
    "atlas:abjjeg2ykyu": "CAT/OP/CHL/1",  # read in the report
    "atlas:f6282neqdc": "CAT/OP/GBR/ROSP/1",  # symbol on the page
    "atlas:gs5o7l8jp6t": "CAT/C/MEX/CO/7",  # symbol on the page (CAT's concluding observations)
    "atlas:jd6nxt9smunt1hco8i3d0wwmi": "CAT/OP/HND/3",  # research note
    "atlas:lvz4khh9zfd": "CAT/OP/DEU/1",  # read in the report
    "atlas:n74x6d60ke9": "CAT/OP/MNG/1",  # read in the report
    "atlas:o8frk64ftrc": "CAT/OP/GBR/ROSP/1",  # read in the report
    "atlas:qa3oo08b6dh": "CAT/OP/TUR/1",  # research note (paras 1-2)
    "atlas:svixykqqt8": "CAT/OP/KGZ/2",  # read in the report
    "atlas:t27aofircah": "CAT/OP/GBR/RONPM/1",  # symbol on the page
    "atlas:wxlwlztk2yk": "CAT/OP/PAN/1",  # read in the report
    "atlas:y82xaw4rr9a": "CAT/OP/CRI/ROSP/1",  # read in the report
    "atlas:zmzsyhyj9sj": "CAT/OP/GBR/RONPM/1",  # read in the report
    "atlas:zxdnawk9qj": "CAT/OP/CRI/RONPM/1",  # research note (paras 1-2)
    "https://docslib.org/doc/2608317/report-on-the-visit-of-the-subcommittee-on-prevention-of-"
    "torture-and-other-cruel-inhuman-or-degrading-treatment-or-punishment-to-benin": (
        "CAT/OP/BEN/1"  # report table
    ),
    "https://livrozilla.com/doc/1668148/optional-protocol-to-the-convention-against-torture-and-o"
    "...": "CAT/OP/BRA/1",  # report table
    "https://studyres.com/doc/9715176/report-on-maldives?page=15": "CAT/OP/MDV/1",  # report table
    "https://studylib.net/doc/7481743/1041108---office-of-the-high-commissioner-on-human-rights": (
        "CAT/OP/HND/1"  # research note (footnote on its first page)
    ),
}

# Reprints whose original on the publisher's own site was found: copy read → original.
ORIGINALS: dict[str, str] = {}

# Site (host without "www.") → (kind, publisher). A host not listed is looked up by its parent
# domain (m.scoop.co.nz → scoop.co.nz); a site not listed at all is taken as news.
PUBLISHERS = {
    # UN primary: OHCHR, the UN and its agencies
    "ohchr.org": ("un-primary", "OHCHR"),
    "docstore.ohchr.org": ("un-primary", "OHCHR"),
    "newsarchive.ohchr.org": ("un-primary", "OHCHR"),
    "westafrica.ohchr.org": ("un-primary", "OHCHR West Africa Regional Office"),
    "cambodia.ohchr.org": ("un-primary", "OHCHR Cambodia"),
    "acnudh.org": ("un-primary", "OHCHR Regional Office for South America"),
    "undocs.org": ("un-primary", "UN Official Document System"),
    "news.un.org": ("un-primary", "UN News"),
    "un.org": ("un-primary", "United Nations"),
    "turkiye.un.org": ("un-primary", "United Nations in Türkiye"),
    "kyrgyzstan.un.org": ("un-primary", "United Nations in Kyrgyzstan"),
    "un.by": ("un-primary", "United Nations in Belarus"),
    "un.org.au": ("un-primary", "UN Information Centre Canberra"),
    "unric.org": ("un-primary", "UN Regional Information Centre for Western Europe"),
    "ungeneva.org": ("un-primary", "United Nations Geneva"),
    "reliefweb.int": ("un-primary", "ReliefWeb (UN OCHA)"),
    "webarchive.archive.unhcr.org": ("un-primary", "UNHCR Refworld (archive)"),
    "natlex.ilo.org": ("un-primary", "ILO NATLEX"),
    # States, their parliaments, ombudspersons, human rights institutions and NPMs
    "volksanwaltschaft.gv.at": ("state-npm", "Austrian Ombudsman Board"),
    "ombudsman.act.gov.au": ("state-npm", "ACT Ombudsman (Australia)"),
    "ombudsman.bg": ("state-npm", "Ombudsman of Bulgaria"),
    "cndhburkina.bf": ("state-npm", "National Human Rights Commission of Burkina Faso"),
    "cndhc.org.cv": ("state-npm", "National Human Rights Commission of Cabo Verde"),
    "cndh.ci": ("state-npm", "National Human Rights Council of Côte d'Ivoire"),
    "ombudsman.gov.cy": ("state-npm", "Commissioner for Administration (Cyprus)"),
    "github.com/ochrance-cz": ("state-npm", "Public Defender of Rights (Czechia)"),
    "en.ombudsmanden.dk": ("state-npm", "Danish Parliamentary Ombudsman"),
    "dpe.gob.ec": ("state-npm", "Ombudsman of Ecuador"),
    "oikeusasiamies.fi": ("state-npm", "Parliamentary Ombudsman of Finland"),
    "cglpl.fr": ("state-npm", "CGLPL (France)"),
    "ombudsman.ge": ("state-npm", "Public Defender of Georgia"),
    "mfa.gov.gh": ("state-npm", "Ministry of Foreign Affairs of Ghana"),
    "old.synigoros.gr": ("state-npm", "Greek Ombudsman"),
    "ajbh.hu": ("state-npm", "Commissioner for Fundamental Rights (Hungary)"),
    "umbodsmadur.is": ("state-npm", "Parliamentary Ombudsman of Iceland"),
    "carabinieri.it": ("state-npm", "Arma dei Carabinieri (Italy)"),
    "tiesibsargs.lv": ("state-npm", "Ombudsman of Latvia"),
    "saeima.lv": ("state-npm", "Saeima (Parliament of Latvia)"),
    "nhrclb.org": ("state-npm", "National Human Rights Commission of Lebanon"),
    "cnidh-madagascar.org": ("state-npm", "CNIDH (Madagascar)"),
    "hrcm.org.mv": ("state-npm", "Human Rights Commission of the Maldives"),
    "nhrc.govmu.org": ("state-npm", "National Human Rights Commission of Mauritius"),
    "old.ombudsman.md": ("state-npm", "People's Advocate (Republic of Moldova)"),
    "en.nhrcm.gov.mn": ("state-npm", "National Human Rights Commission of Mongolia"),
    "cndh.org.mz": ("state-npm", "National Human Rights Commission of Mozambique"),
    "justice.govt.nz": ("state-npm", "Ministry of Justice of New Zealand"),
    "manamokopuna.org.nz": ("state-npm", "Mana Mokopuna (New Zealand)"),
    "sivilombudsmannen.no": ("state-npm", "Parliamentary Ombud of Norway"),
    "defensoria.gob.pa": ("state-npm", "Ombudsman of Panama"),
    "mire.gob.pa": ("state-npm", "Ministry of Foreign Affairs of Panama"),
    "rpo.gov.pl": ("state-npm", "Commissioner for Human Rights (Poland)"),
    "provedor-jus.pt": ("state-npm", "Provedor de Justiça (Portugal)"),
    "onlpl.sn": ("state-npm", "ONLPL (Senegal)"),
    "npm.rs": ("state-npm", "NPM of Serbia"),
    "varuh-rs.si": ("state-npm", "Human Rights Ombudsman of Slovenia"),
    "defensordelpueblo.es": ("state-npm", "Defensor del Pueblo (Spain)"),
    "hrcsl.lk": ("state-npm", "Human Rights Commission of Sri Lanka"),
    "jo.se": ("state-npm", "Parliamentary Ombudsmen of Sweden"),
    "tihek.gov.tr": ("state-npm", "Human Rights and Equality Institution of Türkiye"),
    "hansard.parliament.uk": ("state-npm", "UK Parliament (Hansard)"),
    # APT, other NGOs and academic sites
    "apt.ch": ("ngo", "APT (Association for the Prevention of Torture)"),
    "alhaq.org": ("ngo", "Al-Haq"),
    "enarchive.alkarama.org": ("ngo", "Alkarama"),
    "archive.crin.org": ("ngo", "CRIN (Child Rights International Network)"),
    "cfjustice.org": ("ngo", "Committee for Justice"),
    "coljuristas.org": ("ngo", "Colombian Commission of Jurists"),
    "dhrp.org.ua": ("ngo", "Human Rights Platform (Ukraine)"),
    "hrasean.forum-asia.org": ("ngo", "FORUM-ASIA"),
    "hurights.or.jp": ("ngo", "HURIGHTS OSAKA"),
    "ipcan.org": ("ngo", "IPCAN (Independent Police Complaints Authorities' Network)"),
    "liberties.eu": ("ngo", "Civil Liberties Union for Europe"),
    "musawa.ps": ("ngo", "Musawa"),
    "nhritortureprevention.org": ("ngo", "nhritortureprevention.org"),
    "omct.org": ("ngo", "OMCT (World Organisation Against Torture)"),
    "opcat-ireland.com": ("ngo", "OPCAT Ireland (blog)"),
    "prison-insider.com": ("ngo", "Prison Insider"),
    "redress.org": ("ngo", "REDRESS"),
    "theioi.org": ("ngo", "International Ombudsman Institute"),
    "tompegram.com": ("ngo", "Tom Pegram (academic blog)"),
    "ahry.up.ac.za": ("ngo", "African Human Rights Yearbook (University of Pretoria)"),
    "ahrlj.up.ac.za": ("ngo", "African Human Rights Law Journal (University of Pretoria)"),
    # Mirrors: copies of documents published by someone else
    "atlas-of-torture.org": ("mirror", "Atlas of Torture (Ludwig Boltzmann Institute)"),
    "bayefsky.com": ("mirror", "bayefsky.com"),
    "docslib.org": ("mirror", "docslib.org"),
    "github.com": ("mirror", "GitHub (a copy of UN Treaty Collection data)"),
    "livrozilla.com": ("mirror", "livrozilla.com"),
    "mauritiuslii.org": ("mirror", "MauritiusLII"),
    "es.scribd.com": ("mirror", "Scribd"),
    "studylib.net": ("mirror", "studylib.net"),
    "studyres.com": ("mirror", "studyres.com"),
    "whatconvention.org": ("mirror", "WhatConvention.org (a copy of UN Treaty Collection data)"),
    # News and news reprints
    "acp.cd": ("news", "Agence Congolaise de Presse"),
    "adaderana.lk": ("news", "Ada Derana"),
    "aflmagazine.com": ("news", "AFL Magazine"),
    "africa-newsroom.com": ("news", "Africa Newsroom (APO)"),
    "africanews.it": ("news", "Africanews.it"),
    "agcnews.eu": ("news", "AGC News"),
    "agenceafrique.com": ("news", "Agence Afrique"),
    "allafrica.com": ("news", "AllAfrica"),
    "baobabafricaonline.com": ("news", "Baobab Africa"),
    "beninwebtv.com": ("news", "Bénin Web TV"),
    "bssnews.net": ("news", "BSS (Bangladesh Sangbad Sangstha)"),
    "burunditimes.com": ("news", "Burundi Times"),
    "centroamerica360.com": ("news", "Centroamérica 360"),
    "chtv.hn": ("news", "CHTV (Honduras)"),
    "clubofmozambique.com": ("news", "Club of Mozambique"),
    "devdiscourse.com": ("news", "Devdiscourse"),
    "diarioliderhn.com": ("news", "Diario Líder (Honduras)"),
    "directinfo.webmanagercenter.com": ("news", "Directinfo (WMC)"),
    "donors.kg": ("news", "Development Partners Coordination Council, Kyrgyzstan (reprint)"),
    "einpresswire.com": ("news", "EIN Presswire"),
    "eldiario.es": ("news", "elDiario.es"),
    "elfronterizo.com.mx": ("news", "El Fronterizo"),
    "elheraldo.hn": ("news", "El Heraldo (Honduras)"),
    "en.armradio.am": ("news", "Public Radio of Armenia"),
    "english.cambodiadaily.com": ("news", "The Cambodia Daily"),
    "europe.armnews.eu": ("news", "Armnews Europe"),
    "expatica.com": ("news", "Expatica"),
    "expressodasilhas.cv": ("news", "Expresso das Ilhas"),
    "fratmat.info": ("news", "Fraternité Matin"),
    "globalnation.inquirer.net": ("news", "Inquirer Global Nation"),
    "humania.org": ("news", "Humania"),
    "info241.com": ("news", "Info241"),
    "justearthnews.com": ("news", "Just Earth News"),
    "lahora.gt": ("news", "La Hora (Guatemala)"),
    "lamesaredonda.net": ("news", "La Mesa Redonda"),
    "lankanewsweb.net": ("news", "Lanka News Web"),
    "lequotidien.sn": ("news", "Le Quotidien (Senegal)"),
    "lesahel.org": ("news", "Le Sahel (Niger)"),
    "maghress.com": ("news", "Maghress"),
    "menafn.com": ("news", "MENAFN"),
    "middleeastmonitor.com": ("news", "Middle East Monitor"),
    "milenio.com": ("news", "Milenio"),
    "miragenews.com": ("news", "Mirage News"),
    "nationaltribune.com.au": ("news", "National Tribune"),
    "news.alibreville.com": ("news", "Alibreville"),
    "newtimes.co.rw": ("news", "The New Times (Rwanda)"),
    "ngrguardiannews.com": ("news", "The Guardian (Nigeria)"),
    "nilepost.co.ug": ("news", "Nile Post"),
    "noticias24miami.com": ("news", "Noticias 24 Miami"),
    "onlanka.com": ("news", "OnLanka"),
    "origin.yenisafak.com.tr": ("news", "Yeni Şafak"),
    "pakistanpoint.com": ("news", "Pakistan Point"),
    "panoramik-actu.com": ("news", "Panoramik Actu"),
    "prensa.com": ("news", "La Prensa (Panama)"),
    "prensacomunitaria.org": ("news", "Prensa Comunitaria"),
    "proceso.hn": ("news", "Proceso Digital (Honduras)"),
    "publicagenda.news": ("news", "Public Agenda (Ghana)"),
    "pulse.com.gh": ("news", "Pulse Ghana"),
    "radioallen.cl": ("news", "Radio Allen"),
    "report.az": ("news", "Report.az"),
    "in.reuters.com": ("news", "Reuters"),
    "revista.tempo.co.mz": ("news", "Tempo (Mozambique)"),
    "rrnnliberia.com": ("news", "RRNN Liberia"),
    "sbs.com.au": ("news", "SBS News"),
    "scoop.co.nz": ("news", "Scoop (New Zealand)"),
    "sernoticiasquintanaroo.com.mx": ("news", "Ser Noticias Quintana Roo"),
    "silkway.news": ("news", "Silk Way News"),
    "sputnikglobe.com": ("news", "Sputnik"),
    "swissinfo.ch": ("news", "swissinfo.ch"),
    "tamtaminfo.com": ("news", "Tamtaminfo"),
    "tashkentqasr.com": ("news", "Tashkent Qasr"),
    "theeastafrican.co.ke": ("news", "The EastAfrican"),
    "theguardian.com": ("news", "The Guardian"),
    "thisdaylive.com": ("news", "ThisDay"),
    "tovima.com": ("news", "To Vima"),
    "tvn-2.com": ("news", "TVN (Panama)"),
    "unb.com.bd": ("news", "UNB (United News of Bangladesh)"),
    "urdupoint.com": ("news", "UrduPoint"),
    "voaafrique.com": ("news", "VOA Afrique"),
    "webdo.tn": ("news", "Webdo"),
    "yabiladi.com": ("news", "Yabiladi"),
    "zawya.com": ("news", "Zawya"),
    "mznews.co.mz": ("news", "MZNews"),
    "trt.global": ("news", "TRT Afrika"),
}

_ATLAS = re.compile(r"^https?://atlas-of-torture\.org/(?:en/)?(?:document|entity)/([a-z0-9]+)")


def document_key(read_url: str) -> str:
    """The DOCUMENTS key of a copy: its Atlas of Torture document id, or the URL itself."""
    m = _ATLAS.match(read_url)
    return f"atlas:{m.group(1)}" if m else read_url


def public_url(url: str) -> str:
    """The same page on its public host: a test or development host replaced by the public one,
    the content system's own parameters dropped, a trailing dot of a host name removed."""
    parts = urlsplit(url)
    host = parts.netloc.lower().rstrip(".")
    if host in PRODUCTION_HOSTS:
        host = PRODUCTION_HOSTS[host]
        query = urlencode(
            [(k, v) for k, v in parse_qsl(parts.query) if k not in DROPPED_PARAMETERS], safe="/"
        )
        return urlunsplit(("https", host, parts.path, query, parts.fragment))
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def publisher(url: str) -> tuple[str, str]:
    """(kind, publisher) of the site a URL is on; a site not listed is taken as news."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    first = parts.path.strip("/").split("/")[0]
    if f"{host}/{first}" in PUBLISHERS:  # a publisher's own space on a shared site (GitHub)
        return PUBLISHERS[f"{host}/{first}"]
    labels = host.split(".")
    for i in range(len(labels) - 1):
        site = ".".join(labels[i:])
        if site in PUBLISHERS:
            return PUBLISHERS[site]
    return "news", host


def shows_copy(url: str, read_url: str) -> bool:
    """Whether the copy read is worth a link of its own beside the canonical URL: it is another
    document or site (a mirror of a UN document), not the same page on a test host."""
    return read_url != url and public_url(read_url) != url


def describe(read_url: str) -> dict[str, str]:
    """The sources.csv fields of a copy read: canonical url, read_url, kind, publisher, and
    whether the canonical address is known to exist (url_checked)."""
    if read_url in ORIGINALS:
        url = ORIGINALS[read_url]
    elif document_key(read_url) in DOCUMENTS:
        url = UNDOCS + DOCUMENTS[document_key(read_url)]
    else:
        url = public_url(read_url)
    kind, name = publisher(url)
    on_test_host = urlsplit(read_url).netloc.lower().rstrip(".") in PRODUCTION_HOSTS
    checked = not on_test_host or read_url in CONFIRMED_PUBLIC
    return {
        "url": url,
        "read_url": read_url,
        "kind": kind,
        "publisher": name,
        "url_checked": "true" if checked else "false",
    }


def find_or_add(tables: commit.Tables, read_url: str) -> tuple[str, bool]:
    """The id of the source whose copy read or canonical URL is read_url, or of a new row added to
    tables' sources.csv with its canonical URL, kind and publisher; and whether it was added."""
    described = describe(read_url)
    sources = tables.get("sources")
    for s in sources:
        if read_url in (s["read_url"], s["url"]) or described["url"] == s["url"]:
            return s["source_id"], False
    numbers = [int(s["source_id"][1:]) for s in sources if s["source_id"][1:].isdigit()]
    source_id = f"S{max(numbers, default=0) + 1:04d}"
    tables.insert("sources", {"source_id": source_id, **described})
    return source_id, True


def rewrite(data_dir: Path) -> int:
    """Rewrite url, kind and publisher of every row of sources.csv from its read_url (or, in a
    file that has no read_url yet, from its url). Returns the number of rows changed."""
    path = Path(data_dir) / "sources.csv"
    with commit.locked(data_dir, exclusive=True):  # written all at once (see datafiles)
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        out = io.StringIO()
        writer = csv.DictWriter(out, ["source_id", *FIELDS], lineterminator="\n")
        writer.writeheader()
        changed = 0
        for row in rows:
            new = {"source_id": row["source_id"], **describe(row.get("read_url") or row["url"])}
            changed += new != {k: row.get(k) for k in new}
            writer.writerow(new)
        commit.commit(data_dir, {"sources.csv": out.getvalue().encode("utf-8")})
    return changed


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA_DIR
    print(f"{rewrite(folder)} rows of {folder / 'sources.csv'} rewritten")
