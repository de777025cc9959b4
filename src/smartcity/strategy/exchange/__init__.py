"""The one exchange format of the plans (CSV or XLSX): see docs/strategy-exchange.md."""

from smartcity.strategy.exchange.exporter import plan_rows, rows_to_csv, rows_to_xlsx
from smartcity.strategy.exchange.importer import ImportRejectedError, plans_import
from smartcity.strategy.exchange.table import COLUMNS, table_read

__all__ = [
    "COLUMNS",
    "ImportRejectedError",
    "plan_rows",
    "plans_import",
    "rows_to_csv",
    "rows_to_xlsx",
    "table_read",
]
