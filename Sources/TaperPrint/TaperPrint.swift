// The PDF renderer lives here (issue 4).
