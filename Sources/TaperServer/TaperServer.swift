// The web server lives here (issue 7).
