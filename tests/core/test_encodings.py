"""Issue 10 item 17: text in each common single-byte encoding of European news decodes to
its own words, for a headline-length text and for an article, and imports with the right
id, title and body."""

from pathlib import Path

import pytest

from app.core.importers import import_paths
from app.core.text_decode import decode_bytes
from app.core.workspace import Workspace

TEXTS = {
    "French": (
        "Réunion à Genève : les ministres européens se retrouvent",
        "Les négociations, qui ont débuté en février, sont décrites comme très difficiles. "
        "« Nous espérons un accord », a déclaré le porte-parole après la réunion.",
    ),
    "German": (
        "Café-Betreiber in Zürich protestieren gegen Gebühren",
        "Die Stadtverwaltung erklärte am Dienstag, dass die Maßnahmen für die "
        "Straßenreinigung nötig seien. Viele Geschäftsführer äußerten Bedenken.",
    ),
    "Spanish": (
        "El año económico de España: señales de recuperación",
        "La inflación bajó en el último trimestre y el desempleo disminuyó por tercera vez. "
        "«Es una buena noticia», dijo la ministra.",
    ),
    "French with euro": (
        "Le prix passe à 5 € : œuvre de l'État",
        "Cette mesure a suscité la colère des usagers. « C'est un cœur de réforme », a "
        "déclaré le ministre. Les associations dénoncent une hausse de 20 € par an.",
    ),
    "Czech": (
        "Vláda schválila rozpočet na příští rok",
        "Ministr financí řekl, že schodek bude nižší než letos. Opozice kritizuje především "
        "výdaje na dopravu a zdravotnictví.",
    ),
    "Polish": (
        "Rząd przyjął budżet na przyszły rok",
        "Minister finansów powiedział, że deficyt będzie niższy niż w tym roku. Opozycja "
        "krytykuje wydatki na transport i służbę zdrowia.",
    ),
    "Hungarian": (
        "A kormány elfogadta a jövő évi költségvetést",
        "A pénzügyminiszter szerint a hiány kisebb lesz, mint idén. Az ellenzék főként a "
        "közlekedési és egészségügyi kiadásokat bírálja.",
    ),
    "Russian": (
        "Правительство утвердило бюджет на следующий год",
        "Министр финансов заявил, что дефицит будет ниже, чем в этом году. Оппозиция "
        "критикует расходы на транспорт и здравоохранение.",
    ),
    "Bulgarian": (
        "Правителството одобри бюджета за следващата година",
        "Финансовият министър заяви, че дефицитът ще бъде по-нисък. Опозицията критикува "
        "разходите за транспорт и здравеопазване.",
    ),
    "Greek": (
        "Η κυβέρνηση ενέκρινε τον προϋπολογισμό του επόμενου έτους",
        "Ο υπουργός Οικονομικών δήλωσε ότι το έλλειμμα θα είναι μικρότερο από φέτος. Η "
        "αντιπολίτευση επικρίνει τις δαπάνες για τις μεταφορές και την υγεία.",
    ),
}
CASES = [
    ("French", "cp1252"), ("German", "cp1252"), ("Spanish", "cp1252"),
    ("French", "latin-1"), ("German", "latin-1"), ("Spanish", "latin-1"),
    ("French with euro", "iso-8859-15"), ("French with euro", "cp1252"),
    ("Czech", "cp1250"), ("Polish", "cp1250"), ("Hungarian", "cp1250"),
    ("Czech", "iso-8859-2"), ("Polish", "iso-8859-2"), ("Hungarian", "iso-8859-2"),
    ("Russian", "cp1251"), ("Bulgarian", "cp1251"), ("Russian", "koi8-r"),
    ("Greek", "iso-8859-7"), ("Greek", "cp1253"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "encoding"), CASES)
def test_headline_decodes_to_its_own_words(language: str, encoding: str) -> None:
    headline = TEXTS[language][0]
    assert decode_bytes(headline.encode(encoding)) == headline


@pytest.mark.parametrize(("language", "encoding"), CASES)
def test_article_decodes_to_its_own_words(language: str, encoding: str) -> None:
    text = "\n\n".join(TEXTS[language]) + "\n"
    assert decode_bytes(text.encode(encoding)) == text


def test_utf8_wins_and_loses_its_byte_order_mark() -> None:
    assert decode_bytes("\ufeffRéunion à Genève".encode()) == "Réunion à Genève"


def test_latin1_imports_with_its_id_title_and_body(tmp_path: Path) -> None:
    """The issue's two files: ids, titles and bodies keep their accents (ids fold them)."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "geneve.txt").write_bytes(
        "Réunion à Genève\n\nLes ministres se retrouvent à Genève vendredi.\n".encode("latin-1")
    )
    (inputs / "zurich.txt").write_bytes(
        "Café owners in Zürich protest\n\nThe Café Zürich owners met on Monday.\n".encode("latin-1")
    )
    workspace = Workspace(tmp_path / "library", tmp_path / "data")
    report = import_paths(workspace, [inputs])
    assert not report.failed
    articles = {a.id: workspace.library.get(a.id) for a in report.imported}
    assert set(articles) == {"reunion-a-geneve", "cafe-owners-in-zurich-protest"}
    assert articles["reunion-a-geneve"].title == "Réunion à Genève"
    assert "à Genève vendredi" in articles["reunion-a-geneve"].body
    assert articles["cafe-owners-in-zurich-protest"].title == "Café owners in Zürich protest"
    assert "Café Zürich" in articles["cafe-owners-in-zurich-protest"].body
