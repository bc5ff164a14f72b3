"""The figures pages' charts and texts, shared by the Postfach's and the Verwaltung's page:
weekly intake as columns, open and overdue cases per service as horizontal bars."""

from __future__ import annotations

from babel.numbers import format_decimal

from common.formatting import format_date, format_number
from common.i18n import _, current_language

from ..core.charts import Chart, Row, columns, horizontal_bars
from .figures import Figures


def intake_chart(figures: Figures) -> Chart:
    """Build the column chart of cases received per ISO week."""
    weeks = figures.weeks
    rows = [Row(_("KW %(week)d/%(year)d (ab %(date)s)", week=w.number, year=w.year,
                  date=format_date(w.start)), [w.count]) for w in weeks]
    most = max(weeks, key=lambda w: w.count)
    description = _(
        "Säulendiagramm der eingegangenen Vorgänge je Kalenderwoche, KW %(first)d bis "
        "KW %(last)d: zusammen %(total)s, die meisten (%(most)s) in KW %(week)d.",
        first=weeks[0].number, last=weeks[-1].number,
        total=format_number(sum(w.count for w in weeks)), most=format_number(most.count),
        week=most.number)
    return columns("eingaenge-diagramm", _("Eingänge je Kalenderwoche"), description, rows,
                   [str(w.number) for w in weeks], _("Kalenderwoche"), _("Eingänge"))


def services_chart(figures: Figures) -> Chart:
    """Build the horizontal bars of open and overdue cases per service."""
    services = figures.services
    rows = [Row(s.title, [s.open, s.overdue]) for s in services]
    description = _(
        "Balkendiagramm der offenen Vorgänge je Leistung und der davon überfälligen: "
        "zusammen %(open)s offen, davon %(overdue)s überfällig.",
        open=format_number(sum(s.open for s in services)),
        overdue=format_number(sum(s.overdue for s in services)))
    return horizontal_bars("leistungen-diagramm", _("Offene und überfällige Vorgänge je Leistung"),
                           description, rows, [_("Offen"), _("Überfällig")], _("Leistung"))


def days(value: float | None) -> str:
    """Format days to decision with one decimal, or say that there are no data."""
    if value is None:
        return _("keine Daten")
    return _("%(days)s Tage", days=format_decimal(value, "#,##0.0", locale=current_language()))
