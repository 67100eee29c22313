#!/usr/bin/env python3
"""Writes the CONSUL database behind examples/san-pedro/export-1.jsonl and export-2.jsonl.

    python3 tests/consul/make-seed.py            rewrite seed-1.sql and seed-2.sql beside it
    python3 tests/consul/make-seed.py --check    exit 1 if they differ from what it would write

seed-1.sql fills the tables of schema.sql as "Decide San Pedro" would hold them on 2024-09-06;
seed-2.sql is what changed in the three weeks up to 2024-09-27 (inserts, updates and deletes by
primary key). Run over them, schemas/consul/budget-projects.sql must give exactly the records of
export-1.jsonl and export-2.jsonl: the records are read here and stored the way CONSUL stores
them (UTC timestamps, HTML descriptions, ballot lines to count, map points and neighbourhood
polygons, the procurement system's export beside them).

Around them sits what the query must leave out: a person's data in every personal column
("canaries": text that starts with CANARY, e-mail addresses at canary.example, a date of birth on
1901-02-03), editions of the old process and one in drafting, hidden projects, documents and
milestones of proposals, a future milestone, an English translation, a deleted geozone, an older
map point, an inactive neighbourhood covering the whole city, prices of unfeasible projects,
valuation tags, votes cast before the count closed. Deterministic: the same exports always give
the same bytes. Python 3 standard library only.
"""

import json
import os
import re
import sys
from datetime import datetime, timedelta, timezone
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXPORTS = [os.path.join(ROOT, "examples", "san-pedro", "export-%d.jsonl" % n) for n in (1, 2)]
SNAPSHOT_DATES = [datetime(2024, 9, 6, 18, 0), datetime(2024, 9, 27, 18, 0)]   # UTC

# The whole municipality, for the neighbourhood polygons (lng/lat, SRID 0 as the fork stores them).
CITY = (-100.4300, 25.6300, -100.3300, 25.6800)

ADMIN_USERS = {3: 90901, 5: 90902, 7: 90903}    # administrators.id -> users.id
VALUATOR_USER = 90904
VOTER_USERS = 100000                             # a voter's user id = this + their ballot id


def canary(table, column, n):
    return "CANARY-%s.%s-%s" % (table, column, n)


def canary_email(what, n):
    return "canary.%s.%s@canary.example" % (what, n)


def utc(text):
    """An RFC 3339 date-time of a record, as CONSUL stores it: UTC without a zone."""
    return datetime.fromisoformat(text).astimezone(timezone.utc).replace(tzinfo=None)


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line, parse_float=Decimal) for line in f]


def json_text(value):
    """JSON text keeping each number's digits (968215.40 stays 968215.40 in jsonb)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + json_text(v) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(json_text(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def html(text):
    """A plain description as CONSUL's editor stores it: escaped, in paragraphs."""
    escaped = (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
               .replace('"', "&quot;").replace("'", "&#39;"))
    first, sep, rest = escaped.partition(". ")
    return "<p>%s</p>" % escaped if not sep else "<p>%s.</p>\r\n<p>%s</p>" % (first, rest)


class State:
    """The database at one moment: table -> primary key -> row (column -> value), plus ranges of
    ballots and ballot lines, which are written with generate_series."""

    def __init__(self):
        self.tables = {}
        self.ballots = {}   # (budget id, sector) -> (first ballot id, count)
        self.lines = {}     # investment id -> (first ballot id, count, budget, group, heading, when)

    def add(self, table, row, key="id"):
        rows = self.tables.setdefault(table, {})
        k = tuple(row[c] for c in key) if isinstance(key, tuple) else row[key]
        assert k not in rows, (table, k)
        rows[k] = row


def person(state, uid, role, when):
    """A user row with a canary in every column that says who someone is."""
    c = lambda column: canary("users", column, uid)
    state.add("users", {
        "id": uid, "email": canary_email(role, uid), "encrypted_password": c("encrypted_password"),
        "created_at": when, "updated_at": when, "confirmed_at": when, "unconfirmed_email": canary_email("new", uid),
        "phone_number": "CANARY-tel-%d" % uid, "username": c("username"), "document_number": c("document_number"),
        "document_type": "CANARY-dt", "unconfirmed_phone": "CANARY-up-%d" % uid, "confirmed_phone": "CANARY-cp-%d" % uid,
        "current_sign_in_ip": "CANARY-ip-%d" % uid, "last_sign_in_ip": "CANARY-ip-%d" % uid,
        "oauth_email": canary_email("oauth", uid), "gender": "CANARY-g", "date_of_birth": datetime(1901, 2, 3),
        "sector": "CANARY-sector-%d" % uid, "ife_file_name": c("ife_file_name"), "born_names": c("born_names"),
        "paternal_last_name": c("paternal_last_name"), "maternal_last_name": c("maternal_last_name"),
        "birthplace": c("birthplace"), "curp": c("curp"), "tutor": c("tutor"), "verified": True,
        "official_position": c("official_position") if role == "admin" else None,
        "level_two_verified_at": when, "residence_verified_at": when, "locale": "es"})


def colonia_row(cid, name, sector, active, when):
    c = lambda column: canary("colonia", column, cid)
    return {"id": cid, "junta_nom": name, "nombre_12": c("nombre_12"), "sector": sector,
            "telefono": "CANARY-tel-c%d" % cid, "tipo_1": "Junta vecinal", "forma_de_c": "Asamblea",
            "distrito": "D%d" % (cid % 4 + 1), "direccion": c("direccion"), "correo_ele": canary_email("junta", cid),
            "clave": "JV-%03d" % cid, "celular": "CANARY-cel-c%d" % cid, "apellidos": c("apellidos"),
            "the_geom": None, "created_at": when, "updated_at": when, "is_active": active}


PHASE_KINDS = ["drafting", "informing", "accepting", "reviewing", "selecting", "valuating",
               "publishing_prices", "balloting", "reviewing_ballots", "finished"]


def add_budget(state, bid, name, phase, created, phases):
    """phases: kind -> (starts_at, ends_at, enabled), UTC; every kind gets a row, as
    Budget#generate_phases makes them."""
    state.add("budgets", {"id": bid, "name": name, "currency_symbol": "$", "phase": phase,
                          "created_at": created, "updated_at": created, "slug": re.sub(r"\W+", "-", name.lower()),
                          "description_accepting": "<p>Presenta tu propuesta.</p>"})
    for n, kind in enumerate(PHASE_KINDS):
        starts, ends, enabled = phases[kind]
        state.add("budget_phases", {"id": bid * 100 + n, "budget_id": bid,
                                    "next_phase_id": bid * 100 + n + 1 if n + 1 < len(PHASE_KINDS) else None,
                                    "kind": kind, "summary": None, "description": "<p>%s</p>" % kind,
                                    "starts_at": starts, "ends_at": ends, "enabled": enabled})


def year_phases(year, enabled=True):
    """Phases of an edition that runs through the given year (the old editions, a new one)."""
    out, day = {}, datetime(year, 2, 1, 6)
    for kind in PHASE_KINDS:
        out[kind] = (day, None if kind == "finished" else day + timedelta(days=20, hours=17, minutes=59, seconds=59),
                     enabled and kind != "drafting")
        day += timedelta(days=21)
    return out


def build(snapshot, records, final):
    """The state at export `snapshot` (0 or 1). records: that export's records by project id;
    final: the records of the last export, for projects hidden now and counts still open."""
    s = State()
    when = datetime(2019, 2, 9, 6)
    everyone = sorted(final, key=lambda pid: (int(final[pid]["budget"]["id"]), int(pid)))

    # People: authors (one per project), administrators, a valuator.
    for n, pid in enumerate(everyone):
        person(s, 90000 + n, "author", utc(final[pid]["project"]["created_at"]) - timedelta(days=30))
    for admin, uid in ADMIN_USERS.items():
        person(s, uid, "admin", when)
        s.add("administrators", {"id": admin, "user_id": uid})
    person(s, VALUATOR_USER, "valuator", when)

    # Neighbourhoods: those the projects' points fall in, an old one that covers the whole city
    # (inactive), three of 2023 without a polygon yet (the fork's suburbs_new_2023 seed).
    colonias = {}
    for r in final.values():
        hood = r["territory"].get("neighbourhood")
        if hood:
            colonias[int(hood["id"])] = (hood["name"], r["territory"]["sector"]["code"])
    for cid in sorted(colonias):
        s.add("colonia", colonia_row(cid, colonias[cid][0], colonias[cid][1], True, when))
    s.add("colonia", colonia_row(7, "Poniente (histórica)", "K1", False, when))
    for cid, name, sector in ((601, "Jerónimo Siller", "K3"), (602, "Los Olmos", "K2"), (603, "Plan de Ayala", "K1")):
        s.add("colonia", colonia_row(cid, name, sector, True, datetime(2023, 3, 20, 8)))
    for n, cid in enumerate(sorted(colonias)):
        uid = 90000 + n
        s.add("colonia_users", {"user_id": uid, "colonium_id": cid}, key=("user_id", "colonium_id"))
        s.add("address_users", {"id": n + 1, "user_id": uid, "latitude": 25.65, "longitude": -100.38,
                                "full_address": canary("address_users", "full_address", n + 1), "zoom": 18,
                                "created_at": when, "updated_at": when})

    # Sectors: the geozones the platform names them with; a deleted one first, that must not win.
    sectors = {}
    for r in final.values():
        sectors[r["territory"]["sector"]["code"]] = r["territory"]["sector"]["name"]
    s.add("geozones", {"id": 1, "name": "Sector 1 (2019)", "census_code": "K1", "external_code": "1",
                       "html_map_coordinates": "0,0,1,1", "created_at": when, "updated_at": when,
                       "deleted_at": datetime(2023, 1, 10)})
    for n, code in enumerate(sorted(sectors)):
        s.add("geozones", {"id": n + 2, "name": sectors[code], "census_code": code, "external_code": str(n + 2),
                           "html_map_coordinates": "0,0,1,1", "created_at": when, "updated_at": when,
                           "deleted_at": None})

    # The editions of the records (11 and 12), two of the old process and the next in drafting.
    editions = {}
    for r in final.values():
        editions[int(r["budget"]["id"])] = r
    for bid, r in sorted(editions.items()):
        b = records.get(next(pid for pid in records if int(records[pid]["budget"]["id"]) == bid))["budget"]
        given = {ph["kind"]: ph for ph in b["phases"]}
        first = utc(b["phases"][0]["starts_at"])
        phases = {}
        for kind in PHASE_KINDS:
            if kind in given:
                ph = given[kind]
                phases[kind] = (utc(ph["starts_at"]), utc(ph["ends_at"]) if "ends_at" in ph else None, True)
            else:   # drafting and informing, switched off
                phases[kind] = (first - timedelta(days=30), first - timedelta(seconds=1), False)
        add_budget(s, bid, b["name"], b["phase"], first - timedelta(days=40), phases)
        if b["phase"] != "balloting":
            s.tables["budgets"][bid]["updated_at"] = max(utc(x["project"]["updated_at"]) for x in records.values()
                                                         if x["budget"]["id"] == str(bid))
    add_budget(s, 9, "Presupuesto Participativo 2021", "finished", datetime(2021, 1, 15, 18), year_phases(2021))
    add_budget(s, 10, "Presupuesto Participativo 2022", "finished", datetime(2022, 1, 15, 18), year_phases(2022))
    add_budget(s, 13, "Presupuesto Participativo 2025", "drafting", datetime(2024, 9, 2, 17), year_phases(2025, False))

    # Groups and headings: the records' sector headings, and the juntas vecinales beside them.
    groups, headings = {}, {}
    for r in final.values():
        g, h = r["budget"]["group"], r["budget"]["heading"]
        groups[int(g["id"])] = (int(r["budget"]["id"]), g["name"])
        headings[int(h["id"])] = (int(g["id"]), h)
    points = {}
    for r in final.values():
        if "location" in r:
            points.setdefault(r["budget"]["heading"]["id"], []).append(r["location"]["point"])
    for gid, (bid, name) in sorted(groups.items()):
        s.add("budget_groups", {"id": gid, "budget_id": bid, "name": name, "slug": name.lower(), "max_votable_headings": 1})
        s.add("budget_groups", {"id": gid + 1, "budget_id": bid, "name": "Juntas Vecinales", "slug": "juntas-vecinales",
                                "max_votable_headings": 1})
    for hid, (gid, h) in sorted(headings.items()):
        pts = points.get(str(hid), [{"lat": Decimal("25.65"), "lng": Decimal("-100.38")}])
        s.add("budget_headings", {"id": hid, "group_id": gid, "name": h["name"], "price": int(h["envelope"]["amount"]),
                                  "population": 12000 + hid, "slug": h["name"].lower().replace(" ", "-"),
                                  "allow_custom_content": False,
                                  "latitude": "%.6f" % (sum(p["lat"] for p in pts) / len(pts)),
                                  "longitude": "%.6f" % (sum(p["lng"] for p in pts) / len(pts)),
                                  "sector": h["sector"], "htype": "sector", "suburb_id": None,
                                  "description": "<p>Proyectos de todo el sector.</p>"})
    for n, (gid, (bid, _)) in enumerate(sorted(groups.items())):
        for k, cid in enumerate(sorted(colonias)[n::len(groups)][:3]):
            s.add("budget_headings", {"id": 300 + 10 * n + k, "group_id": gid + 1, "name": colonias[cid][0],
                                      "price": 1_000_000, "population": 900, "slug": "jv-%d" % cid,
                                      "allow_custom_content": False, "latitude": None, "longitude": None,
                                      "sector": None, "htype": "suburb", "suburb_id": cid, "description": None})
    old = [(9, 17, 101, "Sectores", "K2", "sector", None), (9, 18, 102, "Juntas Vecinales", None, "suburb", 181),
           (10, 19, 103, "Sectores", "K5", "sector", None), (10, 20, 104, "Juntas Vecinales", None, "suburb", 301)]
    for bid, gid, hid, gname, sector, htype, suburb in old:
        s.add("budget_groups", {"id": gid, "budget_id": bid, "name": gname, "slug": gname.lower(), "max_votable_headings": 1})
        s.add("budget_headings", {"id": hid, "group_id": gid, "name": colonias[suburb][0] if suburb else "Sector " + sector,
                                  "price": 2_000_000, "population": 5000, "slug": "h-%d" % hid,
                                  "allow_custom_content": False, "latitude": "25.65", "longitude": "-100.38",
                                  "sector": sector, "htype": htype, "suburb_id": suburb, "description": None})

    # Milestone statuses (the fork's defaults) and tags.
    statuses = ["Estudiando el proyecto", "Licitación", "Ejecutando el proyecto", "Ejecutado"]
    for n, name in enumerate(statuses):
        s.add("milestone_statuses", {"id": n + 1, "name": name, "description": None, "hidden_at": None,
                                     "created_at": when, "updated_at": when})
    s.add("milestone_statuses", {"id": 5, "name": "Suspendido", "description": None,
                                 "hidden_at": datetime(2023, 1, 1), "created_at": when, "updated_at": when})
    tag_names = []
    for pid in everyone:
        for name in final[pid]["project"]["categories"]:
            if name not in tag_names:
                tag_names.append(name)
    tag_names.append("Revisar costo")      # the valuators' own tag
    for n, name in enumerate(tag_names):
        s.add("tags", {"id": n + 1, "name": name, "kind": "category" if n + 1 < len(tag_names) else None,
                       "taggings_count": 0, "description": None})
    tag_id = {name: n + 1 for n, name in enumerate(tag_names)}

    # The projects.
    tagging = 1
    for n, pid in enumerate(everyone):
        r = records.get(pid)
        hidden = r is None
        if hidden:   # in a later export only: hidden by moderation until then (C7)
            r = final[pid]
        f = final[pid]
        p, b, a, part = r["project"], r["budget"], r["assessment"], r["participation"]
        bid, hid, gid = int(b["id"]), int(b["heading"]["id"]), int(b["group"]["id"])
        code = p.get("code", "")
        admin = re.search(r"-A(\d+)$", code)
        feasible = a["feasibility"] == "feasible"
        unfeasible = a["feasibility"] == "unfeasible"
        ballots = part.get("ballots")
        counted = ballots or (f["participation"].get("ballots") if part["selected"] else None)
        if ballots:
            online, offline = ballots["online"], ballots["offline"]
        elif counted:   # the ballot is still open: part of the online votes, no paper ones yet
            online, offline = counted["online"] * 4 // 5, 0
        else:
            online, offline = 0, 0
        row = {
            "id": int(pid), "author_id": 90000 + n, "administrator_id": int(admin.group(1)) if admin else None,
            "title": p["title"], "description": html(p["description"]),
            "external_url": "https://canary.example/%s" % pid if n % 3 == 0 else None,
            "price": int(a["estimated_cost"]["amount"]) if feasible else (1_234_567 if unfeasible and n % 2 else None),
            "feasibility": a["feasibility"],
            "price_explanation": a.get("cost_explanation") if feasible else ("Sin costo estimado." if unfeasible else None),
            "unfeasibility_explanation": a.get("unfeasibility_explanation"),
            "valuation_finished": a.get("valuation_finished", False), "valuator_assignments_count": 1,
            "price_first_year": int(a["first_year_cost"]["amount"]) if "first_year_cost" in a else None,
            "duration": a.get("duration_text"),
            "hidden_at": datetime(2024, 6, 3, 16, 20) if hidden else None,
            "confirmed_hide_at": datetime(2024, 6, 3, 16, 25) if hidden else None,
            "cached_votes_up": part["supports"]["online"], "physical_votes": part["supports"]["offline"],
            "comments_count": n % 7, "confidence_score": n % 11, "hot_score": n % 7 + n % 5,
            "created_at": utc(p["created_at"]), "updated_at": utc(p["updated_at"]),
            "heading_id": hid, "group_id": gid, "budget_id": bid,
            "responsible_name": canary("budget_investments", "responsible_name", pid),
            "organization_name": canary("budget_investments", "organization_name", pid) if n % 4 == 0 else None,
            "selected": part["selected"], "location": r["location"]["description"] if "location" in r else None,
            "unfeasible_email_sent_at": utc(p["updated_at"]) if unfeasible else None,
            "ballot_lines_count": online, "winner": part["winner"], "incompatible": part["incompatible"],
            "visible_to_valuators": True, "flags_count": 0, "ballot_offline_count": offline,
            "size": p.get("size"), "draw": True if part["draw"] else None}
        s.add("budget_investments", row)
        if counted:
            sector = b["heading"]["sector"]
            first = bid * 100_000 + int(sector[1:]) * 10_000 + 1
            start, count = s.ballots.get((bid, sector), (first, 0))
            s.ballots[(bid, sector)] = (start, max(count, online))
            balloting = next(ph for ph in b["phases"] if ph["kind"] == "balloting")
            s.lines[int(pid)] = (first, online, bid, gid, hid, utc(balloting["starts_at"]))
        for name in p["categories"]:
            s.add("taggings", {"id": tagging, "tag_id": tag_id[name], "taggable_id": int(pid),
                               "taggable_type": "Budget::Investment", "tagger_id": None, "tagger_type": None,
                               "context": "tags", "created_at": utc(p["created_at"])})
            tagging += 1
        if n % 9 == 0:
            s.add("taggings", {"id": 5000 + n, "tag_id": tag_id["Revisar costo"], "taggable_id": int(pid),
                               "taggable_type": "Budget::Investment", "tagger_id": VALUATOR_USER,
                               "tagger_type": "User", "context": "valuation", "created_at": utc(p["created_at"])})

        # Its map point (with, for some, an older one it replaced) and zoom.
        if "location" in r:
            pt = r["location"]["point"]
            s.add("map_locations", {"id": 20_000 + 2 * n, "latitude": float(pt["lat"]), "longitude": float(pt["lng"]),
                                    "zoom": 17 if r["location"]["precision"] == "exact" else 13,
                                    "proposal_id": None, "investment_id": int(pid)})
            if n % 10 == 0:
                s.add("map_locations", {"id": 20_000 + 2 * n - 1, "latitude": float(pt["lat"]) + 0.02,
                                        "longitude": float(pt["lng"]) - 0.02, "zoom": 12,
                                        "proposal_id": None, "investment_id": int(pid)})

        for d in r["documents"]:
            at = utc(d["date"])
            s.add("documents", {"id": int(d["id"]), "title": d["title"],
                                "attachment_file_name": canary("documents", "attachment_file_name", d["id"]) + ".pdf",
                                "attachment_content_type": d["format"], "attachment_file_size": 240_000 + int(d["id"]),
                                "attachment_updated_at": at, "user_id": ADMIN_USERS[3], "documentable_id": int(pid),
                                "documentable_type": "Budget::Investment", "created_at": at, "updated_at": at})
        for m in r["milestones"]:
            at = utc(m["date"])
            mid = int(m["id"])
            s.add("milestones", {"id": mid, "milestoneable_id": int(pid), "milestoneable_type": "Budget::Investment",
                                 "title": m["title"], "description": m.get("description"), "publication_date": at,
                                 "status_id": statuses.index(m["status"]) + 1, "created_at": at, "updated_at": at})
            s.add("milestone_translations", {"id": 2 * mid, "milestone_id": mid, "locale": "es", "created_at": at,
                                             "updated_at": at, "title": m["title"],
                                             "description": "<p>%s</p>" % m["description"]})
            s.add("milestone_translations", {"id": 2 * mid + 1, "milestone_id": mid, "locale": "en", "created_at": at,
                                             "updated_at": at, "title": "Milestone %d" % mid,
                                             "description": "<p>English text.</p>"})
        if r["procurement"] or "progress" in r:
            s.add("procurement_export", {"investment_id": int(pid), "procurement": ("jsonb", json_text(r["procurement"])),
                                         "parties": ("jsonb", json_text(r["parties"])),
                                         "progress": ("jsonb", json_text(r["progress"])) if "progress" in r else None},
                  key="investment_id")
        s.add("images", {"id": n + 1, "imageable_id": int(pid), "imageable_type": "Budget::Investment",
                         "title": p["title"][:80], "created_at": utc(p["created_at"]), "updated_at": utc(p["created_at"]),
                         "attachment_file_name": canary("images", "attachment_file_name", pid) + ".jpg",
                         "attachment_content_type": "image/jpeg", "attachment_file_size": 180_000,
                         "attachment_updated_at": utc(p["created_at"]), "user_id": 90000 + n})
        s.add("comments", {"id": n + 1, "commentable_id": int(pid), "commentable_type": "Budget::Investment",
                           "body": canary("comments", "body", pid), "subject": None, "user_id": 90000 + n,
                           "created_at": utc(p["created_at"]), "updated_at": utc(p["created_at"]),
                           "administrator_id": None, "confidence_score": 0, "valuation": n % 2 == 0})

    # What the query must leave out, beside the projects.
    extra = 9000
    for bid, gid, hid, size in ((9, 17, 101, None), (9, 18, 102, None), (10, 19, 103, None), (10, 20, 104, None),
                                (11, 21, 131, "medium"), (12, 23, 145, "large")):
        hidden = bid >= 11                  # hidden by moderation in a current edition
        s.add("budget_investments", {
            "id": extra, "author_id": 90950, "title": "Propuesta %d" % extra,
            "description": "<p>Propuesta de una edición anterior.</p>" if not hidden else "<p>Retirada.</p>",
            "feasibility": "feasible", "price": 800_000, "valuation_finished": True,
            "created_at": datetime(2000 + bid + 12, 3, 1, 18), "updated_at": datetime(2000 + bid + 12, 9, 1, 18),
            "heading_id": hid, "group_id": gid, "budget_id": bid, "selected": True, "winner": not hidden,
            "responsible_name": canary("budget_investments", "responsible_name", extra), "size": size,
            "hidden_at": datetime(2024, 5, 1) if hidden else None, "ballot_offline_count": 0})
        extra += 1
    person(s, 90950, "author", when)
    s.add("documents", {"id": 7001, "title": "Acta de la propuesta ciudadana", "attachment_file_name": "acta.pdf",
                        "attachment_content_type": "application/pdf", "attachment_file_size": 1000,
                        "attachment_updated_at": when, "user_id": 90000, "documentable_id": int(everyone[0]),
                        "documentable_type": "Proposal", "created_at": when, "updated_at": when})
    s.add("milestones", {"id": 7002, "milestoneable_id": int(everyone[0]), "milestoneable_type": "Proposal",
                         "title": "Hito de una propuesta", "publication_date": when, "status_id": 1,
                         "created_at": when, "updated_at": when})
    s.add("milestones", {"id": 7003, "milestoneable_id": int(everyone[0]), "milestoneable_type": "Budget::Investment",
                         "title": "Entrega programada", "publication_date": datetime(2099, 1, 1, 18), "status_id": 4,
                         "created_at": when, "updated_at": when})
    s.add("map_locations", {"id": 7004, "latitude": 25.66, "longitude": -100.40, "zoom": 15,
                            "proposal_id": int(everyone[0]), "investment_id": None})
    return s


def check_points(state):
    """Every project's point must lie in its own neighbourhood's polygon only: the polygons are
    Voronoi cells of the points, so two neighbourhoods must not share a point."""
    seen = {}
    for pid, r in state.items():
        hood = r["territory"].get("neighbourhood")
        if "location" in r:
            pt = (r["location"]["point"]["lng"], r["location"]["point"]["lat"])
            assert seen.setdefault(pt, hood["id"]) == hood["id"], ("two neighbourhoods at", pt)
            assert CITY[0] < pt[0] < CITY[2] and CITY[1] < pt[1] < CITY[3], ("outside the city", pt)


# --- SQL -------------------------------------------------------------------------------------

def literal(v):
    if v is None:
        return "NULL"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, tuple):          # (type, text)
        return "%s::%s" % (literal(v[1]), v[0])
    if isinstance(v, (int, Decimal)):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, datetime):
        return "'%s'" % v.strftime("%Y-%m-%d %H:%M:%S")
    return "'%s'" % str(v).replace("'", "''")


TABLE_ORDER = ["users", "administrators", "colonia", "colonia_users", "address_users", "geozones", "budgets",
               "budget_phases", "budget_groups", "budget_headings", "milestone_statuses", "tags",
               "budget_investments", "taggings", "map_locations", "documents", "images", "milestones",
               "milestone_translations", "comments", "procurement_export"]


def inserts(table, rows):
    out = []
    for key in sorted(rows, key=lambda k: k if isinstance(k, tuple) else (k,)):
        row = rows[key]
        out.append("INSERT INTO %s (%s) VALUES (%s);" % (
            table, ", ".join(row), ", ".join(literal(v) for v in row.values())))
    return out


def where(table, key):
    if isinstance(key, tuple):
        return " AND ".join("%s = %s" % (c, literal(v)) for c, v in zip(("user_id", "colonium_id"), key))
    return "%s = %s" % ("investment_id" if table == "procurement_export" else "id", literal(key))


def ballot_sql(budget, sector, start, first, last, when):
    """Ballots first..last (and their voters) of one sector's pool."""
    return [
        "INSERT INTO users (id, email, username, document_number, curp, born_names, paternal_last_name, "
        "maternal_last_name, date_of_birth, sector, created_at, updated_at) SELECT %d + g, "
        "'canary.voter.' || g || '@canary.example', 'CANARY-users.username-' || g, 'CANARY-users.document_number-' || g, "
        "'CANARY-users.curp-' || g, 'CANARY-users.born_names-' || g, 'CANARY-users.paternal_last_name-' || g, "
        "'CANARY-users.maternal_last_name-' || g, '1901-02-03', 'CANARY-sector', %s, %s "
        "FROM generate_series(%d, %d) g;" % (VOTER_USERS, literal(when), literal(when), first, last),
        "INSERT INTO budget_ballots (id, user_id, budget_id, created_at, updated_at) SELECT g, %d + g, %d, "
        "%s::timestamp + (g - %d) * interval '37 seconds', %s::timestamp + (g - %d) * interval '37 seconds' "
        "FROM generate_series(%d, %d) g;" % (VOTER_USERS, budget, literal(when), start, literal(when), start, first, last)]


def lines_sql(pid, first, last, budget, group, heading, when, start):
    return ("INSERT INTO budget_ballot_lines (ballot_id, investment_id, created_at, updated_at, budget_id, group_id, "
            "heading_id) SELECT g, %d, %s::timestamp + (g - %d) * interval '37 seconds', "
            "%s::timestamp + (g - %d) * interval '37 seconds', %d, %d, %d FROM generate_series(%d, %d) g;"
            % (pid, literal(when), start, literal(when), start, budget, group, heading, first, last))


def polygons_sql(records):
    """The neighbourhoods' polygons: the Voronoi cells of the projects' points, merged per
    neighbourhood, within the city; the inactive old one covers the whole city."""
    pts = sorted({(r["territory"]["neighbourhood"]["id"], r["location"]["point"]["lng"], r["location"]["point"]["lat"])
                  for r in records.values() if "location" in r}, key=lambda x: (int(x[0]), x[1], x[2]))
    values = ",\n    ".join("(%s, %s, %s)" % p for p in pts)
    box = "ST_MakeEnvelope(%s, %s, %s, %s)" % CITY
    return [
        "CREATE TEMPORARY TABLE seed_points (colonia_id integer, lng double precision, lat double precision);",
        "INSERT INTO seed_points VALUES\n    %s;" % values,
        "UPDATE colonia c SET the_geom = merged.geom FROM (\n"
        "    SELECT p.colonia_id, ST_Multi(ST_Union(ST_Intersection(cells.cell, %s))) AS geom\n"
        "    FROM (SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(ST_MakePoint(lng, lat)), 0, %s))).geom AS cell\n"
        "          FROM seed_points) cells\n"
        "    JOIN seed_points p ON ST_Contains(cells.cell, ST_MakePoint(p.lng, p.lat))\n"
        "    GROUP BY p.colonia_id) merged\n"
        "WHERE c.id = merged.colonia_id;" % (box, box),
        "UPDATE colonia SET the_geom = ST_Multi(%s) WHERE id = 7;" % box,
        "DROP TABLE seed_points;"]


def header(text):
    return ["-- %s" % line if line else "--" for line in text.strip("\n").split("\n")] + [
        "-- Written by tests/consul/make-seed.py from examples/san-pedro/export-1.jsonl and export-2.jsonl:",
        "-- edit those (or the script), not this file.", "",
        "SET client_min_messages = warning;", "BEGIN;"]


def seed_first(state, records):
    out = header("""
Decide San Pedro's CONSUL database on 2024-09-06 (the day of examples/san-pedro/export-1.jsonl),
for tests/consul/schema.sql. Every personal column holds a canary; see make-seed.py.""")
    for table in TABLE_ORDER:
        out.append("")
        out.extend(inserts(table, state.tables.get(table, {})))
    out.append("")
    for (budget, sector), (start, count) in sorted(state.ballots.items()):
        out.extend(ballot_sql(budget, sector, start, start, start + count - 1, ballot_time(state, budget)))
    for pid, (start, count, budget, group, heading, when) in sorted(state.lines.items()):
        out.append(lines_sql(pid, start, start + count - 1, budget, group, heading, when, start))
    out.append("")
    out.extend(polygons_sql(records))
    out.extend(sequences())
    out.append("COMMIT;")
    return out


def ballot_time(state, budget):
    phase = next(ph for ph in state.tables["budget_phases"].values()
                 if ph["budget_id"] == budget and ph["kind"] == "balloting")
    return phase["starts_at"]


def seed_changes(before, after):
    out = header("""
What changed in Decide San Pedro's CONSUL database from 2024-09-06 to 2024-09-27 (seed-1.sql, then
this, gives the database of examples/san-pedro/export-2.jsonl): the ballot of the 2024 edition
closed and was counted, winners declared, payments and documents came and went, a hidden project
came back.""")
    for table in TABLE_ORDER:
        old, new = before.tables.get(table, {}), after.tables.get(table, {})
        for key in sorted(set(old) - set(new), key=str):
            out.append("DELETE FROM %s WHERE %s;" % (table, where(table, key)))
        for key in sorted(set(old) & set(new), key=str):
            changed = [(c, v) for c, v in new[key].items() if old[key].get(c) != v]
            assert set(old[key]) == set(new[key]), (table, key)
            if changed:
                out.append("UPDATE %s SET %s WHERE %s;" % (table, ", ".join("%s = %s" % (c, literal(v)) for c, v in changed),
                                                           where(table, key)))
        out.extend(inserts(table, {k: new[k] for k in set(new) - set(old)}))
    for key, (start, count) in sorted(after.ballots.items()):
        had = before.ballots.get(key, (start, 0))[1]
        assert count >= had
        if count > had:
            out.extend(ballot_sql(key[0], key[1], start, start + had, start + count - 1, ballot_time(after, key[0])))
    for pid, (start, count, budget, group, heading, when) in sorted(after.lines.items()):
        had = before.lines.get(pid, (start, 0))[1]
        assert count >= had
        if count > had:
            out.append(lines_sql(pid, start + had, start + count - 1, budget, group, heading, when, start))
    out.extend(sequences())
    out.append("COMMIT;")
    return out


def sequences():
    """Rows were given their ids: the sequences go past them, as if the app had made them."""
    return ["SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT max(id) FROM %s)) \\gset" % (t, t)
            for t in ("budgets", "budget_investments", "documents", "milestones", "colonia", "budget_ballots",
                      "budget_ballot_lines", "map_locations", "users", "budget_headings", "budget_groups")]


def main():
    exports = [{r["project"]["id"]: r for r in read(path)} for path in EXPORTS]
    final = exports[-1]
    for e in exports:
        check_points(e)
    states = [build(n, e, final) for n, e in enumerate(exports)]
    files = {"seed-1.sql": seed_first(states[0], final), "seed-2.sql": seed_changes(states[0], states[1])}
    stale = []
    for name, lines in files.items():
        text = "\n".join(lines) + "\n"
        path = os.path.join(HERE, name)
        if "--check" in sys.argv:
            with open(path, encoding="utf-8") as f:
                if f.read() != text:
                    stale.append(name)
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
    if stale:
        print("make-seed.py: %s out of date: run python3 tests/consul/make-seed.py" % ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
