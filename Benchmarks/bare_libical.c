/* The floor: builds and serialises the same VEVENTs as Taper's --one-event-per-dose export with bare
 * libical calls and nothing else (no plan, no layout). Input: the TSV that extract_events.py writes from
 * Taper's own .ics. Timed: building the tree, serialising it, and freeing both (as Taper must).
 *
 *   bare-libical EVENTS.tsv TZID RUNS [OUT.ics]
 * prints {"events": N, "median_seconds": S, "bytes": B}
 */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
  char *uid, *start, *summary, *description, *category, *alarm_text;
  int all_day, minutes, transparent, alarm_minutes, sequence;
} Event;

static char *unescape(const char *s) {
  char *out = malloc(strlen(s) + 1), *o = out;
  for (; *s; s++) {
    if (*s == '\\' && s[1]) {
      s++;
      *o++ = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
    } else {
      *o++ = *s;
    }
  }
  *o = 0;
  return out;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static struct icaltimetype parse_time(const char *s, icaltimezone *zone) {
  struct icaltimetype t = icaltime_from_string(s);
  if (!t.is_date) t = icaltime_set_timezone(&t, zone);
  return t;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: bare-libical EVENTS.tsv TZID RUNS [OUT.ics]\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "r");
  if (!f) { perror(argv[1]); return 1; }
  size_t cap = 1024, n = 0;
  Event *events = malloc(cap * sizeof(Event));
  char *line = NULL;
  size_t len = 0;
  while (getline(&line, &len, f) > 0) {
    line[strcspn(line, "\n")] = 0;
    char *field[12];
    int k = 0;
    for (char *p = line; k < 12; k++) {
      field[k] = p;
      char *tab = strchr(p, '\t');
      if (!tab) { k++; break; }
      *tab = 0;
      p = tab + 1;
    }
    if (k < 11) continue;
    if (n == cap) events = realloc(events, (cap *= 2) * sizeof(Event));
    Event *e = &events[n++];
    e->uid = unescape(field[0]);
    e->all_day = strcmp(field[1], "allday") == 0;
    e->start = unescape(field[2]);
    e->minutes = atoi(field[3]);
    e->summary = unescape(field[4]);
    e->description = unescape(field[5]);
    e->category = unescape(field[6]);
    e->transparent = strcmp(field[7], "TRANSPARENT") == 0;
    e->alarm_minutes = atoi(field[8]);
    e->alarm_text = unescape(field[9]);
    e->sequence = atoi(field[10]);
  }
  fclose(f);
  free(line);

  icalerror_set_errors_are_fatal(0);
  icaltimezone *builtin = icaltimezone_get_builtin_timezone(argv[2]);
  if (!builtin) { fprintf(stderr, "unknown zone %s\n", argv[2]); return 1; }
  (void)icaltimezone_get_component(builtin); /* loads the zone from tzdata once, as Taper's first export does */

  int first_year = 9999;
  for (size_t i = 0; i < n; i++) {
    int y = atoi(events[i].start) / 10000;
    if (y > 0 && y < first_year) first_year = y;
  }
  if (first_year == 9999) first_year = 2020;
  int runs = atoi(argv[3]);
  double *times = malloc(sizeof(double) * (runs > 0 ? runs : 1));
  size_t bytes = 0;
  struct icaltimetype stamp = icaltime_from_string("20260101T000000Z");
  for (int r = 0; r < runs; r++) {
    double t0 = now();
    /* Each calendar gets its own VTIMEZONE: the builtin zone cloned, renamed to the plain IANA name and
     * cut to the plan's years (as Taper does for every export). */
    icalcomponent *vtz = icalcomponent_new_clone(icaltimezone_get_component(builtin));
    icalproperty *tzid = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
    icalproperty_set_tzid(tzid, argv[2]);
    struct icaltimetype from = icaltime_null_time();
    from.year = first_year; from.month = 1; from.day = 1;
    from = icaltime_set_timezone(&from, icaltimezone_get_utc_timezone());
    icaltimezone_truncate_vtimezone(vtz, from, icaltime_null_time(), 1);
    icaltimezone *zone = icaltimezone_new();
    icaltimezone_set_component(zone, vtz);
    icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
    icalcomponent_add_property(cal, icalproperty_new_prodid("-//bare libical//EN"));
    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
    icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
    icalproperty *name = icalproperty_new_x("Medicines");
    icalproperty_set_x_name(name, "X-WR-CALNAME");
    icalcomponent_add_property(cal, name);
    icalcomponent_add_component(cal, icalcomponent_new_clone(icaltimezone_get_component(zone)));
    for (size_t i = 0; i < n; i++) {
      Event *e = &events[i];
      icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
      icalcomponent_add_property(ev, icalproperty_new_uid(e->uid));
      icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp));
      if (e->all_day) {
        struct icaltimetype d = icaltime_from_string(e->start);
        icalcomponent_set_dtstart(ev, d);
        icaltime_adjust(&d, 1, 0, 0, 0);
        icalcomponent_set_dtend(ev, d);
      } else {
        struct icaltimetype start = parse_time(e->start, zone);
        icalcomponent_set_dtstart(ev, start);
        icaltime_adjust(&start, 0, 0, e->minutes, 0);
        icalcomponent_set_dtend(ev, start);
      }
      icalcomponent_add_property(ev, icalproperty_new_lastmodified(stamp));
      icalcomponent_add_property(ev, icalproperty_new_sequence(e->sequence));
      icalcomponent_add_property(ev, icalproperty_new_summary(e->summary));
      icalcomponent_add_property(ev, icalproperty_new_description(e->description));
      icalcomponent_add_property(ev, icalproperty_new_categories(e->category));
      icalcomponent_add_property(ev, icalproperty_new_transp(e->transparent ? ICAL_TRANSP_TRANSPARENT : ICAL_TRANSP_OPAQUE));
      if (e->alarm_minutes >= 0) {
        icalcomponent *alarm = icalcomponent_new(ICAL_VALARM_COMPONENT);
        icalcomponent_add_property(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY));
        char trigger[32];
        snprintf(trigger, sizeof trigger, "-PT%dM", e->alarm_minutes);
        icalcomponent_add_property(alarm, icalproperty_new_trigger(icaltriggertype_from_string(trigger)));
        icalcomponent_add_property(alarm, icalproperty_new_description(e->alarm_text));
        icalcomponent_add_component(ev, alarm);
      }
      icalcomponent_add_component(cal, ev);
    }
    char *text = icalcomponent_as_ical_string_r(cal);
    icalcomponent_free(cal);
    bytes = strlen(text);
    if (r == runs - 1 && argc > 4) {
      double t1 = now();
      FILE *o = fopen(argv[4], "w");
      if (o) { fputs(text, o); fclose(o); }
      t0 += now() - t1;  /* writing the file is not timed */
    }
    icalmemory_free_buffer(text);
    icaltimezone_free(zone, 1);
    times[r] = now() - t0;
  }
  qsort(times, runs, sizeof(double), compare);
  printf("{\"events\": %zu, \"median_seconds\": %.6f, \"bytes\": %zu}\n", n, times[runs / 2], bytes);
  for (size_t i = 0; i < n; i++) {
    free(events[i].uid); free(events[i].start); free(events[i].summary); free(events[i].description);
    free(events[i].category); free(events[i].alarm_text);
  }
  free(events);
  free(times);
  return 0;
}
