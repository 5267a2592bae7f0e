"""How an import ends: the finalizer ends a complete one (results, error workbook, final status), the
watchdog one that stopped making progress, given_up one whose work AWS gave up delivering."""
