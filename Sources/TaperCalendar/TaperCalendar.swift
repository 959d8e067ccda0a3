// The calendar exporter lives here (issue 3).
