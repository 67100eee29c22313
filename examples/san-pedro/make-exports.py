#!/usr/bin/env python3
# -*- coding: utf-8 -*-
#
# Cambios entre export-1.jsonl (corte del 6 de septiembre de 2024) y export-2.jsonl (corte del
# 27 de septiembre de 2024). Todo lo demás es idéntico byte a byte, con el mismo orden de claves.
# Changes between export-1.jsonl (state on 2024-09-06) and export-2.jsonl (state on 2024-09-27).
# Every other record is byte-identical, with the same key order.
#
#   C1  New payments (one CFDI each) on four contracts:
#       4703 SOP-OP-0021/2024, 4735 SOP-OP-0032/2024, 4704 SOP-OP-0112/2024 and
#       4719 DA-CA-0044/2024 (procurement[].contracts[].payments[] gets one more element).
#   C2  A late contract milestone is met: 4727, contract SOP-OP-0104/2024, milestone 2
#       "Plantación de 350 árboles" (due 2024-08-23, notMet at 60 %) gets date_met 2024-09-20,
#       status met, progress_percentage 100.
#   C3  Project progress goes up, with a new as_of (2024-09-20), on 4703, 4704, 4719, 4727, 4735.
#   C4  An award is cancelled: 4741, award DA-IR-0058-2024-A1 (the supplier did not deliver the
#       performance bond): status active -> cancelled. The process has no contract.
#   C5  A corrected amount: 4737, contract SOP-OP-0092/2024, value 9223201.90 (decimal point
#       misplaced when it was captured) -> 922320.19, the awarded amount.
#   C6  A removed document: 4758 loses document "Cotización preliminar de mobiliario (versión sin
#       firmar)" from its documents.
#   C7  A new project: 5644 "Parque de bolsillo en la esquina de Mirasierra" (2024 edition, K3).
#       It was hidden by moderation (budget_investments.hidden_at) in export 1 and restored on
#       2024-09-24, so the query, which skips hidden projects, now returns it.
#   C8  The 2024 edition (budget 12) moves from balloting to finished on every 2024 record
#       (budget.phase). For the projects on the ballot (participation.selected true):
#       participation.ballots appears (the query only exports ballots from reviewing_ballots on),
#       participation.winner becomes true for the 25 winners, participation.draw becomes true for
#       the two tied projects of K6 (5669 and 5676, "en deliberación", neither is a winner yet), and
#       project.updated_at changes (offline ballots typed in, then winners computed on 2024-09-23).
#   C9  A new procurement process for a 2023 winner: 4746 "Parque canino en Del Valle" gets
#       process 2024-OP-0241 (invitation to three, tender active), and its CONSUL milestones get a
#       new "Licitación" milestone.
#
# Genera / generates examples/san-pedro/export-1.jsonl and export-2.jsonl: a fictitious but
# realistic export of "Decide San Pedro" (CONSUL) joined with the municipal procurement system,
# in the budget-project record format (record_version "1"), one project per line.
# Everything is made up: projects, companies, RFCs, CFDI UUIDs, votes, amounts, URLs. There is no
# personal data: no authors, voters or natural persons' names; natural-person suppliers appear
# under a trade name, with publish_identifier false.
#
# Uso / usage:   python3 examples/san-pedro/make-exports.py
# Only the Python 3 standard library; deterministic (fixed seed, no clock): running it again
# rewrites both files byte-identically.

import json
import os
import random
from datetime import date, datetime, timedelta

SEED = "decide-san-pedro-2024"
HERE = os.path.dirname(os.path.abspath(__file__))
E1 = date(2024, 9, 6)    # export 1
E2 = date(2024, 9, 27)   # export 2
AS_OF_1 = date(2024, 8, 30)   # last physical-progress report before export 1
AS_OF_2 = date(2024, 9, 20)   # the one before export 2 (C3)
TZ = "-06:00"                 # America/Monterrey, no DST since 2022
MUNICIPIO = "MX-RFC-MSP850101AB1"
DECIDE = "https://decide.sanpedro.gob.mx"
TRANSPARENCIA = "https://transparencia.sanpedro.gob.mx"


# --- small helpers -----------------------------------------------------------------------------

class Cents(int):
    """An amount from the procurement system, in centavos; written with two decimals."""


def mxn(pesos):          # CONSUL money: whole pesos (bigint)
    return {"amount": int(pesos), "currency": "MXN"}


def mxnc(cents):         # procurement money: centavos, written exactly (e.g. 968215.40)
    return {"amount": Cents(cents), "currency": "MXN"}


def D(s):
    return date.fromisoformat(s)


def ts(d, h=0, m=0, s=0):
    return "%sT%02d:%02d:%02d%s" % (d.isoformat(), h, m, s, TZ)


def ts_dt(x):
    return x.strftime("%Y-%m-%dT%H:%M:%S") + TZ


def day(d):             # a bare date: local midnight in America/Monterrey
    return d.isoformat()


def end_of(d):
    return ts(d, 23, 59, 59)


def add(d, n):
    return d + timedelta(days=n)


def weekday(d):
    while d.weekday() >= 5:
        d = add(d, 1)
    return d


MESES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
         "octubre", "noviembre", "diciembre"]


def fecha_es(d):
    return "%d de %s de %d" % (d.day, MESES[d.month - 1], d.year)


def cfdi_uuid(rng):
    """A deterministic UUID in the CFDI style (8-4-4-4-12, upper-case hex, version 4)."""
    n = rng.getrandbits(128)
    n = (n & ~(0xF << 76)) | (0x4 << 76)
    n = (n & ~(0x3 << 62)) | (0x2 << 62)
    h = "%032X" % n
    return "-".join([h[0:8], h[8:12], h[12:16], h[16:20], h[20:32]])


def dumps(v):
    """Compact JSON, UTF-8, keys in insertion order; Cents with exactly two decimals."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, Cents):
        return "%d.%02d" % (int(v) // 100, int(v) % 100)
    if isinstance(v, int):
        return str(int(v))
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + dumps(x)
                              for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(dumps(x) for x in v) + "]"
    raise TypeError(type(v))


# --- editions, sectors, neighbourhoods -------------------------------------------------------

def _phases(rows):
    out = []
    for kind, start, end in rows:
        ph = {"kind": kind, "starts_at": ts(D(start))}
        if end:
            ph["ends_at"] = end_of(D(end))
        out.append(ph)
    return out


EDITIONS = {
    "11": {"name": "Presupuesto Participativo 2023", "year": 2023, "group": "21", "heading0": 130,
           "phases": _phases([
               ("accepting", "2023-03-20", "2023-04-16"),
               ("reviewing", "2023-04-17", "2023-04-30"),
               ("selecting", "2023-05-02", "2023-05-28"),
               ("valuating", "2023-05-29", "2023-07-16"),
               ("publishing_prices", "2023-07-17", "2023-07-30"),
               ("balloting", "2023-08-20", "2023-09-10"),
               ("reviewing_ballots", "2023-09-11", "2023-09-30"),
               ("finished", "2023-10-01", None)]),
           "valuating": (D("2023-06-05"), D("2023-07-14")),
           "offline_typed": D("2023-09-12"), "winners_at": datetime(2023, 10, 2, 10, 15, 0)},
    "12": {"name": "Presupuesto Participativo 2024", "year": 2024, "group": "23", "heading0": 140,
           "phases": _phases([
               ("accepting", "2024-03-04", "2024-03-31"),
               ("reviewing", "2024-04-01", "2024-04-14"),
               ("selecting", "2024-04-15", "2024-05-12"),
               ("valuating", "2024-05-13", "2024-07-07"),
               ("publishing_prices", "2024-07-08", "2024-07-21"),
               ("balloting", "2024-08-19", "2024-09-08"),
               ("reviewing_ballots", "2024-09-09", "2024-09-22"),
               ("finished", "2024-09-23", None)]),
           "valuating": (D("2024-05-20"), D("2024-07-05")),
           "offline_typed": D("2024-09-10"), "winners_at": datetime(2024, 9, 23, 10, 30, 0)},
}

# code: (name, envelope in pesos = 12.5 MDP sector-wide project + 1 MDP per community winner,
#        community (medium) winners)
SECTORS = {
    "K1": ("Casco Urbano", 15_500_000, 3),
    "K2": ("Centro", 16_500_000, 4),
    "K3": ("Del Valle", 15_500_000, 3),
    "K4": ("Fuentes del Valle", 15_500_000, 3),
    "K5": ("Valle Oriente", 16_500_000, 4),
    "K6": ("Montaña", 15_500_000, 3),
}

# key: (colonia id, name, sector, lat, lng)
COLONIAS = {
    "centro": ("46", "San Pedro Centro", "K1", 25.6575, -100.4030),
    "casco": ("45", "Casco Urbano", "K1", 25.6590, -100.4010),
    "sauces": ("52", "Los Sauces", "K1", 25.6648, -100.4125),
    "obispo": ("61", "El Obispo", "K1", 25.6615, -100.4170),
    "tampiquito": ("212", "Tampiquito", "K2", 25.6612, -100.4105),
    "lga": ("176", "Lázaro Garza Ayala", "K2", 25.6645, -100.3985),
    "lucio": ("181", "Lucio Blanco", "K2", 25.6662, -100.4150),
    "jsa": ("194", "Jardines de San Agustín", "K2", 25.6628, -100.3920),
    "valle": ("118", "Del Valle", "K3", 25.6553, -100.3702),
    "rsa": ("124", "Residencial San Agustín", "K3", 25.6502, -100.3548),
    "mirasierra": ("131", "Mirasierra", "K3", 25.6530, -100.3880),
    "fuentes": ("97", "Fuentes del Valle", "K4", 25.6497, -100.3821),
    "bosques": ("88", "Bosques del Valle", "K4", 25.6442, -100.3762),
    "sanangel": ("103", "Valle de San Ángel", "K4", 25.6470, -100.3905),
    "oriente": ("301", "Valle Oriente", "K5", 25.6482, -100.3522),
    "engracia": ("288", "Valle de Santa Engracia", "K5", 25.6468, -100.3598),
    "carrizalejo": ("295", "Carrizalejo", "K5", 25.6545, -100.3455),
    "chipinque": ("410", "Chipinque", "K6", 25.6412, -100.3655),
    "montana": ("415", "Vista Montaña", "K6", 25.6424, -100.4045),
    "olinala": ("422", "Olinalá", "K6", 25.6446, -100.3948),
}

# --- suppliers (the procurement system's supplier register; all fictitious) ------------------
# id: (trade name, RFC, legal name or None for a natural person, street or None, locality,
#      postal code, e-mail, contact unit)
SUPPLIERS = {
    "P-0003": ("Constructora Sierra Alta", "CSA150312AB1", "Constructora Sierra Alta, S.A. de C.V.",
               "Av. de los Constructores 1450, piso 3", "Monterrey", "64650",
               "concursos@sierraalta.example", "Área de Concursos"),
    "P-0007": ("Urbanizadora Cerro de la Silla", "UCS120904KL7",
               "Urbanizadora Cerro de la Silla, S.A. de C.V.", "Av. Pablo Livas 2210", "Guadalupe",
               "67110", "licitaciones@cerrodelasilla.example", "Departamento de Licitaciones"),
    "P-0011": ("Pavimentos y Obras del Noreste", "PON090617MN2",
               "Pavimentos y Obras del Noreste, S.A. de C.V.", "Av. Universidad 905",
               "San Nicolás de los Garza", "66450", "obras@pavimentosnoreste.example",
               "Gerencia de Obra Pública"),
    "P-0012": ("Construcciones y Servicios Norteños", "CSN150312AB4",
               "Construcciones y Servicios Norteños, S.A. de C.V.", "Calle Río Guadalquivir 118",
               "San Pedro Garza García", "66220", "contacto@csnortenos.example", "Administración"),
    "P-0015": ("Edificaciones Huajuco", "EHU110725QR3", "Edificaciones Huajuco, S.A. de C.V.",
               "Carretera Nacional 6120, local 4", "Monterrey", "64988",
               "licitaciones@edhuajuco.example", "Departamento de Licitaciones"),
    "P-0018": ("Obras Civiles La Huasteca", "OCH080229T5A", "Obras Civiles La Huasteca, S.A. de C.V.",
               "Av. Díaz Ordaz 330", "Santa Catarina", "66350", "concursos@huastecaobras.example",
               "Área de Concursos"),
    "P-0021": ("Infraestructura Urbana Regiomontana", "IUR160511HJ8",
               "Infraestructura Urbana Regiomontana, S.A.P.I. de C.V.", "Av. Lázaro Cárdenas 2400, piso 9",
               "San Pedro Garza García", "66269", "gobierno@iurregio.example", "Ventas a Gobierno"),
    "P-0024": ("Grupo Constructor Loma Larga", "GCL130918PX2",
               "Grupo Constructor Loma Larga, S.A. de C.V.", "Calle Padre Mier 1021", "Monterrey",
               "64000", "propuestas@lomalarga.example", "Departamento de Propuestas"),
    "P-0027": ("Estructuras Metálicas del Valle", "EMV100603LM9",
               "Estructuras Metálicas del Valle, S.A. de C.V.", "Av. Miguel Alemán 4550", "Guadalupe",
               "67130", "ventas@emvalle.example", "Ventas"),
    "P-0030": ("Hidráulica y Drenajes de Nuevo León", "HDN070422KS1",
               "Hidráulica y Drenajes de Nuevo León, S.A. de C.V.", "Av. Sendero Norte 780",
               "General Escobedo", "66055", "licitaciones@hidrodrenajes.example",
               "Departamento de Licitaciones"),
    "P-0033": ("Iluminación Eficiente del Norte", "IEN140128BC6",
               "Iluminación Eficiente del Norte, S.A. de C.V.", "Av. Ruiz Cortines 3100", "Monterrey",
               "64410", "gobierno@iluminacionnorte.example", "Ventas a Gobierno"),
    "P-0036": ("Sistemas de Seguridad Cumbres", "SSC170814GT4",
               "Sistemas de Seguridad Cumbres, S.A. de C.V.", "Av. Paseo de los Leones 1650",
               "Monterrey", "64610", "proyectos@segcumbres.example", "Proyectos de Gobierno"),
    "P-0039": ("Tecnología Urbana Monterrey", "TUM180306AA7",
               "Tecnología Urbana Monterrey, S. de R.L. de C.V.", "Av. Constitución 1425, piso 2",
               "Monterrey", "64000", "licitaciones@tecurbana.example", "Licitaciones"),
    "P-0042": ("Juegos y Parques Recreativos del Norte", "JPR120117NF5",
               "Juegos y Parques Recreativos del Norte, S.A. de C.V.", "Av. Benito Juárez 715",
               "Apodaca", "66600", "ventas@parquesnorte.example", "Ventas"),
    "P-0045": ("Equipamiento Deportivo Regio", "EDR150930WZ3",
               "Equipamiento Deportivo Regio, S.A. de C.V.", "Av. Fidel Velázquez 1840", "Monterrey",
               "64460", "gobierno@deportivoregio.example", "Ventas a Gobierno"),
    "P-0048": ("Viveros y Paisaje Santa Catarina", "VPS090811RT2",
               "Viveros y Paisaje Santa Catarina, S.A. de C.V.", "Carretera a Saltillo km 62",
               "Santa Catarina", "66367", "ventas@viverosstacatarina.example", "Ventas"),
    "P-0051": ("Mobiliario Urbano Anáhuac", "MUA110222DK8", "Mobiliario Urbano Anáhuac, S.A. de C.V.",
               "Av. Manuel L. Barragán 505", "San Nicolás de los Garza", "66455",
               "contacto@mobiliarioanahuac.example", "Atención a Clientes"),
    "P-0054": ("Distribuidora Escolar y Bibliotecaria del Noreste", "DEB130405PL1",
               "Distribuidora Escolar y Bibliotecaria del Noreste, S.A. de C.V.", "Calle Zaragoza 1210",
               "Monterrey", "64000", "gobierno@debnoreste.example", "Ventas a Gobierno"),
    "P-0057": ("Riego y Jardinería Técnica", "RJT160719MC5", "Riego y Jardinería Técnica, S.A. de C.V.",
               "Av. Vasconcelos 150", "San Pedro Garza García", "66230",
               "cotizaciones@riegotecnico.example", "Cotizaciones"),
    "P-0060": ("Señalamientos Viales Apodaca", "SVA140612Q87",
               "Señalamientos Viales Apodaca, S.A. de C.V.", "Av. Miguel Alemán 8800", "Apodaca",
               "66627", "ventas@senalamientosapodaca.example", "Ventas"),
    # natural persons (13-character RFC, withheld): trade name only, no legal name, no street
    "P-0063": ("Herrería y Pisos Tampiquito", "TAPH800214K27", None, None, "San Pedro Garza García",
               "66240", "cotizaciones@herreriatampiquito.example", None),
    "P-0066": ("Jardinería y Senderos Los Sauces", "MOLR751103H52", None, None,
               "San Pedro Garza García", "66238", "contacto@jardineriasauces.example", None),
    "P-0069": ("Electricidad y Mantenimiento El Obispo", "GAVE820917JK4", None, None,
               "San Pedro Garza García", "66248", "servicios@electricidadobispo.example", None),
}

# CUCOP: Clasificador Único de las Contrataciones Públicas (codes made up but shaped like CUCOP:
# 8 digits starting with the COG partida).
CUCOP = {
    "banqueta": ("61401001", "Construcción de banquetas, guarniciones y rampas"),
    "urbanizacion": ("61401003", "Obras de urbanización en espacios públicos"),
    "cancha": ("61401006", "Construcción de canchas deportivas y áreas recreativas"),
    "sendero": ("61401009", "Construcción de senderos y andadores peatonales"),
    "vialidad": ("61501002", "Construcción y rehabilitación de vialidades y ciclovías"),
    "pavimento": ("61501004", "Pavimentación con concreto hidráulico"),
    "edificacion": ("61201001", "Edificación no habitacional"),
    "techumbre": ("61201005", "Techumbres y estructuras metálicas"),
    "drenaje": ("61301002", "Construcción de obras de drenaje pluvial"),
    "muro": ("61601003", "Muros de contención y obras de protección de taludes"),
    "alumbrado": ("61701002", "Instalaciones eléctricas y de alumbrado público"),
    "jardineria": ("62901004", "Trabajos de jardinería y arborización"),
    "luminaria": ("24601007", "Luminarias LED para alumbrado público"),
    "luminaria_solar": ("24601012", "Luminarias solares autónomas"),
    "poste": ("24701003", "Postes y brazos metálicos para alumbrado"),
    "camara": ("52301003", "Cámaras de videovigilancia IP"),
    "boton": ("56501004", "Postes con botón de emergencia e intercomunicador"),
    "fibra": ("56501009", "Enlaces de fibra óptica y equipo de telecomunicaciones"),
    "energia": ("56601002", "Equipos de respaldo de energía (UPS)"),
    "software": ("59101002", "Licencias de software de videovigilancia"),
    "ejercicio": ("52201002", "Aparatos de ejercicio al aire libre"),
    "deportivo": ("52201005", "Equipamiento deportivo: tableros, porterías y redes"),
    "juegos": ("52901003", "Juegos infantiles incluyentes"),
    "mobiliario": ("52901007", "Mobiliario urbano: bancas, mesas y botes"),
    "sombra": ("52901009", "Velarias y estructuras de sombra"),
    "piso_hule": ("24901012", "Piso de hule amortiguante"),
    "libros": ("21501002", "Libros y material bibliográfico"),
    "estanteria": ("51101003", "Estantería y mobiliario para biblioteca"),
    "computo": ("51501001", "Equipo de cómputo de escritorio"),
    "arboles": ("23101005", "Árboles y plantas de ornato"),
    "riego": ("24901006", "Material para sistemas de riego por goteo"),
    "senal": ("24901010", "Señalamiento vertical y pintura para tránsito"),
}

# --- the projects ------------------------------------------------------------------------------
# outcome: W winner, S selected (on the ballot) not winner, U unfeasible, D undecided (not
# assessed), I incompatible, T1/T0 tie at the cut-off (2023: resolved, T1 won), T tie still in
# deliberation (2024). For the 2024 edition the outcome is the one declared in export 2 (C8).

PROJECTS = []


def P(pid, size, col, outcome, title, desc, cats, place, prec, **kw):
    c = COLONIAS[col]
    p = {"id": pid, "budget": "11" if pid < "5000" else "12", "sector": c[2],
         "size": {"L": "large", "M": "medium"}[size], "col": col, "outcome": outcome,
         "title": title, "desc": desc, "cats": cats, "place": place,
         "prec": {"e": "exact", "a": "area"}[prec]}
    p.update(kw)
    PROJECTS.append(p)


COST_DEFAULT = "Costo estimado por la Secretaría de Obras Públicas con precios unitarios de %d; incluye supervisión."
COST_EXPL = {
    "Movilidad": "Costo paramétrico por metro cuadrado de banqueta y por cruce con precios unitarios de %d; incluye señalamiento.",
    "Espacio público": "Presupuesto base con precios unitarios del tabulador municipal %d; incluye mobiliario y jardinería.",
    "Deporte": "Obra civil a precios unitarios de %d más equipamiento deportivo cotizado con tres proveedores.",
    "Seguridad": "Cotización de equipos con tres proveedores (%d); incluye instalación, enlace al C4 y un año de garantía.",
    "Medio ambiente": "Costo por árbol plantado con cajete, tutor y riego durante el primer año, según el tabulador %d de la Dirección de Medio Ambiente.",
    "Cultura y educación": "Cotización de mobiliario, acervo y equipo con tres proveedores (%d); incluye adecuaciones menores al inmueble.",
    "Accesibilidad": "Costo paramétrico por rampa y por metro cuadrado de banqueta con precios unitarios de %d.",
    "Infraestructura": "Presupuesto base del anteproyecto con precios unitarios de %d; incluye supervisión externa.",
}

# ------------------------------------------------------------------ 2023, K1 Casco Urbano
P("4703", "L", "casco", "W", "Banquetas, alumbrado LED y arbolado en las calles del Casco Urbano",
  "Sustituir las banquetas angostas y dañadas de las calles del Casco Urbano por banquetas continuas "
  "de concreto estampado con rampas en cada esquina, instalar alumbrado peatonal LED y plantar árboles "
  "nativos en cajetes con riego por goteo.",
  ["Movilidad", "Espacio público"], "Calles del polígono del Casco Urbano", "a",
  cost=12_380_000, first_year=9_000_000, duration="9 meses",
  cost_expl="Costo paramétrico por metro cuadrado de banqueta, por luminaria y por árbol con precios "
            "unitarios de 2023; incluye supervisión externa.",
  proc=[dict(kind="OP", seq=21, method="open", cat="works", stage="executing", start="2024-02-12",
             months=8, base=12_150_000, factor=0.957,
             title="Banquetas, alumbrado y arbolado del Casco Urbano",
             ttitle="Construcción de banquetas, alumbrado peatonal y arbolado en el Casco Urbano",
             tdesc="Licitación pública nacional para la obra del proyecto ganador del sector K1 del "
                   "Presupuesto Participativo 2023.",
             items=[("banqueta", "Banqueta de concreto estampado, incluye demolición de la existente",
                     6200, "Metro cuadrado", 0.50),
                    ("banqueta", "Rampa de accesibilidad con señal podotáctil", 48, "Pieza", 0.05),
                    ("alumbrado", "Luminaria LED peatonal de 60 W en poste de 4 m, incluye canalización "
                                  "y cableado subterráneo", 140, "Pieza", 0.29),
                    ("jardineria", "Árbol nativo de 2.5 m en cajete con riego por goteo", 260, "Pieza",
                     0.10),
                    ("senal", "Señalamiento vertical y balizamiento de cruces", 1, "Lote", 0.06)],
             sup="P-0021", ten=["P-0003", "P-0021", "P-0011", "P-0024"],
             ms=["Demolición y banquetas del tramo norte", "Banquetas del tramo sur, rampas y arbolado",
                 "Alumbrado, balizamiento y entrega-recepción"],
             reporting=True,
             amend=[("2024-07-15", 0.086,
                     "Convenio modificatorio CM-01: ampliación del monto en 8.6 % por la sustitución "
                     "de 35 m de tubería de drenaje sanitario colapsada, hallada al demoler las "
                     "banquetas.")],
             c1="2024-09-20")],
  progress_c3=True)
P("4722", "L", "casco", "S", "Plaza cívica y mercado de artesanos en el Casco Urbano",
  "Convertir el estacionamiento municipal detrás del palacio en una plaza cívica con sombra, fuente "
  "seca y locales para un mercado de artesanos los fines de semana.",
  ["Espacio público", "Cultura y educación"], "Estacionamiento municipal detrás del palacio", "e",
  duration="10 meses")
P("4706", "M", "centro", "W", "Rampas de accesibilidad y cruces seguros frente a escuelas de San Pedro Centro",
  "Construir rampas con señal podotáctil, ampliar las esquinas con orejas de banqueta y pintar cruces "
  "peatonales tipo cebra frente a las tres escuelas primarias de San Pedro Centro.",
  ["Movilidad", "Accesibilidad"], "Entornos escolares de la colonia San Pedro Centro", "a",
  cost=940_000, duration="3 meses",
  proc=[dict(kind="OP", seq=33, method="limited", cat="works", stage="completed", start="2024-03-04",
             months=3, factor=0.962, title="Rampas y cruces seguros en San Pedro Centro",
             ttitle="Construcción de rampas de accesibilidad y cruces seguros en entornos escolares de "
                    "San Pedro Centro",
             items=[("banqueta", "Rampa de accesibilidad con señal podotáctil", 36, "Pieza", 0.45),
                    ("banqueta", "Ampliación de esquina (oreja de banqueta) de concreto", 210,
                     "Metro cuadrado", 0.35),
                    ("senal", "Pintura de cruces tipo cebra y señalamiento de zona escolar", 1, "Lote",
                     0.20)],
             sup="P-0060", ten=["P-0060", "P-0011", "P-0024"],
             ms=["Rampas de la primaria norte", "Rampas y orejas de las primarias centro y sur",
                 "Señalamiento y entrega-recepción"])])
P("4715", "M", "sauces", "W", "Biblioteca comunitaria y sala de cómputo en Los Sauces",
  "Equipar el salón del centro comunitario de Los Sauces como biblioteca con acervo infantil y juvenil, "
  "estantería, mesas de lectura y una sala de cómputo con 12 equipos e internet para hacer tareas.",
  ["Cultura y educación"], "Centro comunitario de la colonia Los Sauces", "e",
  cost=780_000, duration="4 meses",
  proc=[dict(kind="ADQ", seq=31, method="direct", cat="goods", stage="executing", start="2024-05-20",
             months=4, factor=1.0, advance=0.0, title="Mobiliario, acervo y equipo de cómputo para la biblioteca de Los Sauces",
             ttitle="Adquisición de mobiliario, acervo bibliográfico y equipo de cómputo para la "
                    "biblioteca comunitaria de Los Sauces",
             items=[("libros", "Libro de literatura infantil y juvenil", 1800, "Pieza", 0.25),
                    ("estanteria", "Estante metálico de cinco entrepaños", 24, "Pieza", 0.13),
                    ("estanteria", "Mesa de lectura con cuatro sillas", 10, "Juego", 0.12),
                    ("computo", "Computadora de escritorio con monitor de 24 pulgadas", 12, "Pieza",
                     0.42),
                    ("computo", "Impresora multifuncional láser", 2, "Pieza", 0.08)],
             sup="P-0054", ten=["P-0054"],
             ms=["Entrega de estantería y mobiliario", "Entrega del acervo bibliográfico",
                 "Entrega e instalación del equipo de cómputo"], fracs=[0.25, 0.55, 1.0])])
P("4741", "M", "obispo", "W", "Cámaras de seguridad conectadas al C4 en El Obispo",
  "Instalar 10 cámaras de videovigilancia en los accesos y el parque de la colonia El Obispo, conectadas "
  "al centro de monitoreo municipal (C4), con postes y respaldo de energía.",
  ["Seguridad"], "Accesos y parque de la colonia El Obispo", "a", cost=960_000, duration="3 meses",
  proc=[dict(kind="ADQ", seq=58, method="limited", cat="goods", stage="awarded", start="2024-07-22",
             factor=0.948, title="Cámaras de videovigilancia para El Obispo",
             ttitle="Adquisición e instalación de cámaras de videovigilancia para la colonia El Obispo",
             items=[("camara", "Cámara PTZ de 4 MP con visión nocturna", 4, "Pieza", 0.30),
                    ("camara", "Cámara fija tipo bala de 4 MP", 6, "Pieza", 0.18),
                    ("poste", "Poste metálico de 9 m con gabinete", 10, "Pieza", 0.24),
                    ("fibra", "Enlace de fibra óptica al C4", 1, "Lote", 0.20),
                    ("energia", "Equipo de respaldo de energía (UPS) para exterior", 10, "Pieza", 0.08)],
             sup="P-0036", ten=["P-0036", "P-0039", "P-0033"], c4=True)])
P("4749", "M", "casco", "S", "Murales y mobiliario urbano en el andador del Casco Urbano",
  "Pintar murales con artistas locales sobre la historia de San Pedro y colocar bancas, botes de basura "
  "y macetones en el andador peatonal del Casco Urbano.",
  ["Cultura y educación", "Espacio público"], "Andador peatonal del Casco Urbano", "a")
P("4768", "M", "casco", "U", "Estacionamiento subterráneo bajo la plaza principal",
  "Construir un estacionamiento subterráneo de dos niveles bajo la plaza principal del Casco Urbano para "
  "liberar las calles del centro.",
  ["Movilidad"], "Plaza principal del Casco Urbano", "a",
  unf="No es viable jurídica ni económicamente: la plaza forma parte del polígono de protección del "
      "Casco Urbano, y el costo estimado (más de 4.8 millones de pesos) excede el monto de un proyecto "
      "comunitario (1 millón de pesos).")
P("4777", "M", "centro", "D", "Bebederos públicos en la plaza de San Pedro Centro",
  "Instalar cuatro bebederos de agua potable con filtro en la plaza y el parque de San Pedro Centro.",
  ["Espacio público"], "Plaza de San Pedro Centro", "e")

# ------------------------------------------------------------------ 2023, K2 Centro
P("4708", "L", "lucio", "W", "Parque deportivo y centro comunitario Lucio Blanco",
  "Construir en el predio municipal de Lucio Blanco un parque deportivo con cancha de futbol de pasto "
  "sintético, cancha de básquetbol techada, pista de trote y un centro comunitario de 400 m² con aulas "
  "para talleres.",
  ["Deporte", "Espacio público"], "Predio municipal junto a la escuela primaria, colonia Lucio Blanco", "e",
  cost=12_460_000, duration="11 meses",
  proc=[dict(kind="OP", seq=17, method="open", cat="works", stage="cancelled", start="2024-02-19",
             cancel_date="2024-03-08", base=12_300_000,
             title="Parque deportivo y centro comunitario Lucio Blanco",
             ttitle="Construcción del parque deportivo y centro comunitario Lucio Blanco",
             tdesc="Licitación pública nacional cancelada antes de la apertura de proposiciones por "
                   "modificaciones al proyecto ejecutivo derivadas del estudio de mecánica de suelos.",
             items=[("cancha", "Cancha de futbol de pasto sintético", 6400, "Metro cuadrado", 0.24),
                    ("techumbre", "Techumbre metálica para cancha de básquetbol", 780, "Metro cuadrado",
                     0.20),
                    ("cancha", "Pista de trote con carpeta de caucho", 400, "Metro lineal", 0.08),
                    ("edificacion", "Centro comunitario de un nivel", 400, "Metro cuadrado", 0.38),
                    ("alumbrado", "Luminaria deportiva LED de 400 W en poste de 12 m", 24, "Pieza",
                     0.10)]),
        dict(kind="OP", seq=49, method="open", cat="works", stage="executing", start="2024-04-15",
             months=9, base=12_420_000, factor=0.971,
             title="Parque deportivo y centro comunitario Lucio Blanco (segunda convocatoria)",
             ctitle="parque deportivo y centro comunitario Lucio Blanco",
             ttitle="Construcción del parque deportivo y centro comunitario Lucio Blanco",
             tdesc="Segunda licitación pública nacional, con el proyecto ejecutivo ajustado al estudio de "
                   "mecánica de suelos (cimentación con pilas).",
             items=[("cancha", "Cancha de futbol de pasto sintético", 6400, "Metro cuadrado", 0.22),
                    ("techumbre", "Techumbre metálica para cancha de básquetbol", 780, "Metro cuadrado",
                     0.19),
                    ("cancha", "Pista de trote con carpeta de caucho", 400, "Metro lineal", 0.08),
                    ("edificacion", "Centro comunitario de un nivel con cimentación con pilas", 400,
                     "Metro cuadrado", 0.41),
                    ("alumbrado", "Luminaria deportiva LED de 400 W en poste de 12 m", 24, "Pieza",
                     0.10)],
             sup="P-0015", ten=["P-0015", "P-0003", "P-0018", "P-0012"],
             ms=["Terracerías y cimentación del centro comunitario", "Canchas, techumbre y pista de trote",
                 "Centro comunitario, alumbrado y entrega-recepción"], reporting=True)])
P("4731", "L", "lga", "U", "Puente vehicular sobre el arroyo en Lázaro Garza Ayala",
  "Construir un puente vehicular de dos carriles sobre el arroyo para conectar Lázaro Garza Ayala con la "
  "avenida principal y evitar un rodeo de 2 km.",
  ["Movilidad", "Infraestructura"], "Cruce del arroyo al norte de la colonia Lázaro Garza Ayala", "a",
  unf="No es viable jurídica ni económicamente: el cauce del arroyo es zona federal administrada por la "
      "CONAGUA, que debe autorizar cualquier obra, y el costo estimado del puente (alrededor de 38 "
      "millones de pesos) excede el monto de un proyecto sectorial (12.5 millones de pesos).")
P("4712", "M", "tampiquito", "W", "Canchas de usos múltiples y alumbrado en Tampiquito",
  "Rehabilitar el terreno municipal junto al centro comunitario de Tampiquito con dos canchas de usos "
  "múltiples, piso de concreto pulido, tableros, porterías y alumbrado LED para uso nocturno.",
  ["Deporte", "Espacio público"], "Terreno municipal junto al centro comunitario, colonia Tampiquito", "e",
  cost=985_000, duration="4 meses",
  cost_expl="Incluye dos canchas de usos múltiples con piso de concreto pulido, tableros, porterías y 14 "
            "luminarias LED.",
  proc=[dict(kind="OP", seq=14, method="direct", cat="works", stage="completed", start="2024-02-05",
             months=4, factor=1.0, title="Canchas de usos múltiples y alumbrado en Tampiquito",
             ttitle="Construcción de canchas de usos múltiples y alumbrado en Tampiquito",
             tdesc="Obra pública por adjudicación directa con base en tres cotizaciones, conforme al monto "
                   "de actuación vigente.",
             items=[("cancha", "Cancha de usos múltiples con piso de concreto pulido, tableros y porterías",
                     2, "Pieza", 0.78),
                    ("alumbrado", "Luminaria LED de 150 W en poste de 8 m", 14, "Pieza", 0.22)],
             sup="P-0063", ten=["P-0063"],
             ms=["Trazo, nivelación y firme de concreto", "Tableros, porterías y luminarias",
                 "Entrega-recepción de la obra"])])
P("4719", "M", "jsa", "W", "Alumbrado LED en las calles de Jardines de San Agustín",
  "Sustituir las 85 luminarias de vapor de sodio de las calles de Jardines de San Agustín por luminarias "
  "LED de bajo consumo y agregar 20 puntos de luz en los tramos oscuros.",
  ["Seguridad", "Alumbrado"], "Calles de la colonia Jardines de San Agustín", "a",
  cost=990_000, duration="4 meses",
  proc=[dict(kind="ADQ", seq=44, method="limited", cat="goods", stage="executing", start="2024-06-10",
             months=4, factor=0.936, advance=0.0, title="Luminarias LED para Jardines de San Agustín",
             ttitle="Suministro e instalación de luminarias LED en Jardines de San Agustín",
             items=[("luminaria", "Luminaria LED de 100 W para alumbrado público", 105, "Pieza", 0.66),
                    ("poste", "Poste metálico de 7 m con brazo", 20, "Pieza", 0.26),
                    ("luminaria", "Fotocelda y base para luminaria", 105, "Pieza", 0.08)],
             sup="P-0033", ten=["P-0033", "P-0069", "P-0039"],
             ms=["Sustitución de las 85 luminarias existentes", "Instalación de 20 puntos de luz nuevos"],
             fracs=[0.55, 1.0], c1="2024-09-18")],
  progress_c3=True)
P("4726", "M", "lga", "W", "Juegos infantiles incluyentes en la plaza de Lázaro Garza Ayala",
  "Sustituir los juegos oxidados de la plaza por un área de juegos incluyentes con columpio para silla "
  "de ruedas, carrusel a nivel de piso, piso de hule amortiguante y sombra.",
  ["Espacio público", "Accesibilidad"], "Plaza de la colonia Lázaro Garza Ayala", "e",
  cost=920_000, duration="3 meses",
  proc=[dict(kind="ADQ", seq=22, method="direct", cat="goods", stage="completed", start="2024-03-11",
             months=3, factor=1.0, advance=0.0, title="Juegos infantiles incluyentes para Lázaro Garza Ayala",
             ttitle="Adquisición e instalación de juegos infantiles incluyentes para la plaza de Lázaro "
                    "Garza Ayala",
             items=[("juegos", "Juego modular incluyente con rampa de acceso", 1, "Pieza", 0.45),
                    ("juegos", "Columpio para silla de ruedas", 2, "Pieza", 0.12),
                    ("juegos", "Carrusel a nivel de piso", 1, "Pieza", 0.10),
                    ("piso_hule", "Piso de hule amortiguante de 5 cm", 320, "Metro cuadrado", 0.23),
                    ("sombra", "Velaria de sombra de 12 x 10 m", 1, "Pieza", 0.10)],
             sup="P-0042", ten=["P-0042"],
             ms=["Entrega de juegos y velaria", "Instalación, piso amortiguante y entrega"],
             fracs=[0.5, 1.0])])
P("4744", "M", "lucio", "W", "Gimnasio al aire libre y pista de trote en Lucio Blanco",
  "Instalar 12 aparatos de ejercicio al aire libre y una pista de trote de 600 m con superficie de "
  "tezontle compactado alrededor del parque de Lucio Blanco.",
  ["Deporte"], "Parque de la colonia Lucio Blanco", "e", cost=870_000, duration="3 meses",
  proc=[dict(kind="OP", seq=219, method="limited", cat="works", stage="tendering", start="2024-09-02",
             tend="2024-09-30", title="Gimnasio al aire libre y pista de trote",
             ttitle="Instalación de gimnasio al aire libre y construcción de pista de trote en el parque "
                    "de Lucio Blanco",
             items=[("ejercicio", "Aparato de ejercicio al aire libre, instalado", 12, "Pieza", 0.46),
                    ("cancha", "Pista de trote de tezontle compactado con guarnición", 600, "Metro lineal",
                     0.44),
                    ("senal", "Señalización de distancias y reglamento", 1, "Lote", 0.10)])])
P("4753", "M", "tampiquito", "S", "Huerto comunitario y composta en Tampiquito",
  "Habilitar un huerto comunitario con camas de cultivo elevadas, composta, cisterna de captación de "
  "lluvia y bodega de herramientas en el terreno baldío municipal de Tampiquito.",
  ["Medio ambiente", "Comunidad"], "Terreno municipal de la colonia Tampiquito", "e")
P("4781", "M", "lucio", "D", "Techado de la parada de camión en Lucio Blanco",
  "Poner techo, banca e iluminación en la parada de camión de la entrada de Lucio Blanco.",
  ["Movilidad"], "Parada de transporte a la entrada de la colonia Lucio Blanco", "e")

# ------------------------------------------------------------------ 2023, K3 Del Valle
P("4735", "L", "valle", "W", "Corredor peatonal y ciclovía Del Valle",
  "Construir un corredor con ciclovía confinada de 2.1 km, banquetas accesibles, cruces peatonales "
  "seguros, arbolado y alumbrado que conecte las escuelas y parques del sector Del Valle.",
  ["Movilidad", "Espacio público"], "Corredor entre el parque del sector y la zona escolar, colonia Del Valle",
  "a", cost=12_480_000, first_year=8_000_000, duration="10 meses",
  cost_expl="Costo paramétrico por kilómetro de ciclovía confinada más banquetas, arbolado y alumbrado; "
            "incluye supervisión externa.",
  proc=[dict(kind="OP", seq=32, method="open", cat="works", stage="executing", start="2024-03-11",
             months=10, base=12_480_000, factor=0.951, title="Corredor peatonal y ciclovía Del Valle",
             ttitle="Construcción del corredor peatonal y ciclovía Del Valle",
             tdesc="Licitación pública nacional para la obra del proyecto ganador del sector K3 del "
                   "Presupuesto Participativo 2023.",
             items=[("vialidad", "Ciclovía confinada bidireccional con bolardos", 2100, "Metro lineal",
                     0.46),
                    ("banqueta", "Banqueta accesible de concreto", 3800, "Metro cuadrado", 0.30),
                    ("banqueta", "Cruce peatonal a nivel de banqueta", 9, "Pieza", 0.08),
                    ("alumbrado", "Luminaria LED peatonal en poste de 4 m", 90, "Pieza", 0.12),
                    ("jardineria", "Árbol nativo de 2.5 m en cajete", 160, "Pieza", 0.04)],
             sup="P-0003", ten=["P-0003", "P-0007", "P-0011"],
             ms=["Trazo, demoliciones y terracerías", "Ciclovía confinada y banquetas",
                 "Alumbrado, señalización y mobiliario urbano"], reporting=True,
             amend=[("2024-07-02", None,
                     "Convenio modificatorio CM-01: ampliación del plazo en 30 días naturales por las "
                     "lluvias de la tormenta tropical Alberto (junio de 2024).")],
             c1="2024-09-13")],
  progress_c3=True)
P("4758", "L", "valle", "S", "Renovación del parque central de Del Valle con jardín de lluvia",
  "Renovar el parque central de Del Valle con andadores accesibles, un jardín de lluvia que capte el agua "
  "de las calles, juegos infantiles, bancas y luminarias LED.",
  ["Espacio público", "Medio ambiente"], "Parque central de la colonia Del Valle", "e",
  duration="9 meses",
  docs=[("Cotización preliminar de mobiliario (versión sin firmar)", "cotizacion-preliminar",
         "marketStudies", 2, "c6")])
P("4711", "M", "rsa", "W", "Cruces peatonales seguros en Residencial San Agustín",
  "Construir cuatro cruces peatonales a nivel de banqueta con reductores de velocidad, iluminación y "
  "señalamiento frente al parque y la iglesia de Residencial San Agustín.",
  ["Movilidad"], "Calles frente al parque de Residencial San Agustín", "a", cost=960_000,
  duration="3 meses",
  proc=[dict(kind="OP", seq=38, method="limited", cat="works", stage="completed", start="2024-03-18",
             months=3, factor=0.944, title="Cruces peatonales seguros en Residencial San Agustín",
             ttitle="Construcción de cruces peatonales a nivel de banqueta en Residencial San Agustín",
             items=[("banqueta", "Cruce peatonal a nivel de banqueta con reductor de velocidad", 4, "Pieza",
                     0.62),
                    ("senal", "Señalamiento vertical y horizontal", 1, "Lote", 0.18),
                    ("alumbrado", "Luminaria LED peatonal para cruce", 8, "Pieza", 0.20)],
             sup="P-0024", ten=["P-0060", "P-0024", "P-0011"],
             ms=["Cruces frente al parque", "Cruces frente a la iglesia", "Señalamiento y entrega-recepción"])])
P("4727", "M", "mirasierra", "W", "Arbolado nativo y riego por goteo en camellones de Mirasierra",
  "Plantar 350 árboles nativos (encino, anacahuita y palo blanco) en los camellones de Mirasierra e "
  "instalar riego por goteo con agua tratada para asegurar que sobrevivan.",
  ["Medio ambiente"], "Camellones de la colonia Mirasierra", "a", cost=890_000, duration="5 meses",
  proc=[dict(kind="OP", seq=104, method="limited", cat="works", stage="executing", start="2024-05-27",
             months=5, factor=0.958, title="Arbolado y riego en camellones de Mirasierra",
             ttitle="Plantación de árboles nativos e instalación de riego por goteo en camellones de "
                    "Mirasierra",
             items=[("jardineria", "Árbol nativo de 2 m, plantado", 350, "Pieza", 0.55),
                    ("riego", "Línea de riego por goteo con agua tratada", 2400, "Metro lineal", 0.35),
                    ("jardineria", "Cajete, tierra vegetal y tutor", 350, "Pieza", 0.10)],
             sup="P-0048", ten=["P-0048", "P-0057", "P-0066"],
             ms=["Instalación del sistema de riego", "Plantación de 350 árboles",
                 "Entrega-recepción y garantía de sobrevivencia"], fracs=[0.2, 0.35, 1.0],
             late={1: 60}, lf=0.8, c2="2024-09-20")],
  progress_c3=True)
P("4746", "M", "valle", "W", "Parque canino en Del Valle",
  "Habilitar un parque canino cercado de 1,200 m² con áreas separadas para perros grandes y pequeños, "
  "bebederos, bancas, dispensadores de bolsas y sombra.",
  ["Espacio público", "Medio ambiente"], "Área verde municipal de la colonia Del Valle", "e",
  cost=760_000, duration="3 meses",
  proc=[dict(kind="OP", seq=241, method="limited", cat="works", stage="tendering", start="2024-09-23",
             tend="2024-10-07", title="Parque canino en Del Valle",
             ttitle="Construcción del parque canino de la colonia Del Valle",
             items=[("urbanizacion", "Cerca perimetral de malla con dos accesos de doble puerta", 160,
                     "Metro lineal", 0.38),
                    ("mobiliario", "Banca de concreto con respaldo", 10, "Pieza", 0.14),
                    ("mobiliario", "Bebedero para perros con llave de nariz", 3, "Pieza", 0.08),
                    ("sombra", "Velaria de sombra de 8 x 8 m", 2, "Pieza", 0.22),
                    ("jardineria", "Pasto en rollo y arbolado", 1, "Lote", 0.18)],
             c9=True)],
  study2=("2024-05-20", "Cambio de predio",
          "Tras una reunión con los vecinos, el parque canino se reubicó del camellón al área verde "
          "municipal de la colonia; se ajusta el proyecto ejecutivo."))
P("4763", "M", "valle", "S", "Señalética cultural e histórica en Del Valle",
  "Colocar 25 placas con la historia de los edificios, parques y personajes de la colonia Del Valle, con "
  "un código QR a una guía digital.",
  ["Cultura y educación"], "Calles y parques de la colonia Del Valle", "a")
P("4772", "M", "valle", "U", "Paso a desnivel en la Calzada del Valle",
  "Construir un paso a desnivel en el cruce de la Calzada del Valle con la avenida Gómez Morín para evitar "
  "el congestionamiento en horas pico.",
  ["Movilidad"], "Cruce de la Calzada del Valle y la avenida Gómez Morín", "e",
  unf="No es viable económica ni técnicamente: el costo estimado (más de 85 millones de pesos) excede por "
      "mucho el monto de un proyecto comunitario (1 millón de pesos) y la obra requiere un estudio de "
      "impacto vial y la reubicación de redes de agua y drenaje.")
P("4786", "M", "rsa", "D", "Contenedores de reciclaje en Residencial San Agustín",
  "Colocar islas de contenedores para separar vidrio, PET, cartón y aluminio en tres puntos de "
  "Residencial San Agustín.",
  ["Medio ambiente"], None, "a", noloc=True)

# ------------------------------------------------------------------ 2023, K4 Fuentes del Valle
P("4790", "L", "fuentes", "W", "Techumbre y equipamiento de la Unidad Deportiva Fuentes del Valle",
  "Techar las dos canchas de la unidad deportiva para usarlas con lluvia y calor, y renovar el "
  "equipamiento: aparatos de ejercicio al aire libre, tableros de básquetbol y gradas.",
  ["Deporte"], "Unidad deportiva de la colonia Fuentes del Valle", "e",
  cost=12_350_000, duration="8 meses",
  cost_expl="Techumbre metálica de 2,400 m² más equipamiento deportivo cotizado con tres proveedores.",
  proc=[dict(kind="OP", seq=58, method="limited", cat="works", stage="executing", start="2024-04-08",
             months=10, base=10_950_000, factor=0.962, title="Techumbre metálica",
             ttitle="Techumbre metálica para las canchas de la Unidad Deportiva Fuentes del Valle",
             items=[("techumbre", "Techumbre metálica de arco sobre dos canchas", 2400, "Metro cuadrado",
                     0.86),
                    ("techumbre", "Gradas metálicas de cinco niveles", 4, "Pieza", 0.14)],
             sup="P-0027", ten=["P-0027", "P-0015", "P-0018"],
             ms=["Cimentación y columnas", "Estructura y cubierta", "Gradas y entrega-recepción"]),
        dict(kind="ADQ", seq=97, method="open", cat="goods", stage="planned", start="2024-10-14",
             tend="2024-11-11", base=1_330_000, title="Equipamiento deportivo",
             ttitle="Adquisición de equipamiento deportivo para la Unidad Deportiva Fuentes del Valle",
             tdesc="Licitación pública programada para cuando concluya la techumbre.",
             items=[("ejercicio", "Aparato de ejercicio al aire libre", 12, "Pieza", 0.36),
                    ("deportivo", "Tablero de básquetbol abatible con aro", 4, "Pieza", 0.28),
                    ("deportivo", "Portería de futbol rápido con red", 2, "Par", 0.12),
                    ("mobiliario", "Banca para jugadores de 4 m", 8, "Pieza", 0.24)])])
P("4764", "L", "sanangel", "D", "Centro cultural y auditorio en Valle de San Ángel",
  "Construir un centro cultural con auditorio para 300 personas, salones de danza y música y una galería "
  "en Valle de San Ángel.",
  ["Cultura y educación"], "Colonia Valle de San Ángel", "a")
P("4704", "M", "bosques", "W", "Alumbrado LED y cámaras de seguridad en el parque de Bosques del Valle",
  "Iluminar los andadores del parque de Bosques del Valle con 30 luminarias LED e instalar 4 cámaras "
  "conectadas al C4 para que el parque pueda usarse de noche con seguridad.",
  ["Seguridad", "Espacio público"], "Parque de la colonia Bosques del Valle", "e", cost=980_000,
  duration="4 meses",
  proc=[dict(kind="OP", seq=112, method="limited", cat="works", stage="executing", start="2024-06-03",
             months=4, factor=0.939, title="Alumbrado y cámaras en el parque de Bosques del Valle",
             ttitle="Instalación de alumbrado LED y cámaras de videovigilancia en el parque de Bosques "
                    "del Valle",
             items=[("alumbrado", "Luminaria LED peatonal en poste de 4 m", 30, "Pieza", 0.55),
                    ("camara", "Cámara PTZ con enlace inalámbrico al C4", 4, "Pieza", 0.25),
                    ("alumbrado", "Canalización y cableado subterráneo", 420, "Metro lineal", 0.20)],
             sup="P-0069", ten=["P-0069", "P-0033", "P-0036"],
             ms=["Canalización y cableado", "Luminarias y cámaras", "Pruebas, enlace al C4 y entrega"],
             c1="2024-09-19")],
  progress_c3=True)
P("4717", "M", "fuentes", "W", "Rehabilitación de banquetas y rampas en Fuentes del Valle",
  "Reparar 1,500 m² de banquetas levantadas por raíces y construir rampas accesibles en las 20 esquinas "
  "alrededor del parque de Fuentes del Valle.",
  ["Movilidad", "Accesibilidad"], "Calles alrededor del parque de Fuentes del Valle", "a",
  cost=970_000, duration="3 meses",
  proc=[dict(kind="OP", seq=51, method="limited", cat="works", stage="completed", start="2024-04-01",
             months=3, factor=0.953, title="Banquetas y rampas en Fuentes del Valle",
             ttitle="Rehabilitación de banquetas y construcción de rampas en Fuentes del Valle",
             items=[("banqueta", "Banqueta de concreto, incluye demolición", 1500, "Metro cuadrado", 0.70),
                    ("banqueta", "Rampa de accesibilidad con señal podotáctil", 20, "Pieza", 0.20),
                    ("jardineria", "Barrera antirraíz", 180, "Metro lineal", 0.10)],
             sup="P-0012", ten=["P-0012", "P-0011", "P-0024"],
             ms=["Banquetas del lado norte", "Banquetas del lado sur y rampas", "Entrega-recepción"])])
P("4733", "M", "sanangel", "T1", "Skatepark en la unidad deportiva de Valle de San Ángel",
  "Construir un skatepark de concreto de 600 m² con rampas, cajones y barandales para distintos niveles, "
  "con alumbrado y bancas, en la unidad deportiva de Valle de San Ángel.",
  ["Deporte", "Espacio público"], "Unidad deportiva de la colonia Valle de San Ángel", "e",
  cost=990_000, duration="4 meses",
  proc=[dict(kind="OP", seq=188, method="limited", cat="works", stage="signed", start="2024-08-05",
             months=4, pstart="2024-10-07", factor=0.966, title="Skatepark en Valle de San Ángel",
             ttitle="Construcción del skatepark de la unidad deportiva de Valle de San Ángel",
             items=[("cancha", "Skatepark de concreto armado con rampas, cajones y barandales", 600,
                     "Metro cuadrado", 0.75),
                    ("alumbrado", "Luminaria LED de 150 W en poste de 8 m", 8, "Pieza", 0.15),
                    ("mobiliario", "Banca de concreto", 6, "Pieza", 0.10)],
             sup="P-0018", ten=["P-0018", "P-0012", "P-0024"],
             ms=["Terracerías y cimentación", "Colado de rampas y cajones", "Alumbrado y entrega-recepción"])])
P("4756", "M", "fuentes", "T0", "Pista de trote con superficie de caucho en Fuentes del Valle",
  "Construir una pista de trote de 800 m con superficie de caucho reciclado, señalización de distancias "
  "y alumbrado alrededor del parque de Fuentes del Valle.",
  ["Deporte"], "Parque de la colonia Fuentes del Valle", "e")
P("4760", "M", "fuentes", "S", "Bancas y sombra en paradas de transporte de Fuentes del Valle",
  "Instalar bancas, techos y mapas de rutas en las seis paradas de transporte público de Fuentes del "
  "Valle.",
  ["Movilidad"], "Paradas de transporte de la colonia Fuentes del Valle", "a")
P("4779", "M", "bosques", "U", "Alberca semiolímpica en Bosques del Valle",
  "Construir una alberca semiolímpica techada con vestidores en el parque de Bosques del Valle.",
  ["Deporte"], "Parque de la colonia Bosques del Valle", "e",
  unf="No es viable económicamente: el costo de construcción (alrededor de 28 millones de pesos) supera el "
      "monto de un proyecto comunitario (1 millón de pesos) y el costo anual de operación y mantenimiento "
      "no está previsto en el presupuesto municipal.")

# ------------------------------------------------------------------ 2023, K5 Valle Oriente
P("4714", "L", "oriente", "W", "Red de cámaras de videovigilancia y botones de emergencia en Valle Oriente",
  "Instalar 60 cámaras de videovigilancia y 12 postes con botón de emergencia en calles, parques y "
  "cruces de Valle Oriente, enlazados por fibra óptica al C4 municipal.",
  ["Seguridad"], "Calles, parques y cruces de la colonia Valle Oriente", "a",
  cost=12_150_000, duration="8 meses",
  proc=[dict(kind="ADQ", seq=36, method="open", cat="goods", stage="executing", start="2024-04-22",
             months=7, base=12_000_000, factor=0.944, advance=0.2,
             title="Red de videovigilancia de Valle Oriente",
             ttitle="Adquisición e instalación de la red de videovigilancia y botones de emergencia de "
                    "Valle Oriente",
             tdesc="Licitación pública nacional para el proyecto ganador del sector K5 del Presupuesto "
                   "Participativo 2023.",
             items=[("camara", "Cámara PTZ de 4 MP con visión nocturna", 20, "Pieza", 0.22),
                    ("camara", "Cámara fija tipo bala de 4 MP", 40, "Pieza", 0.16),
                    ("boton", "Poste con botón de emergencia e intercomunicador", 12, "Pieza", 0.14),
                    ("fibra", "Tendido de fibra óptica aérea y subterránea", 9500, "Metro lineal", 0.28),
                    ("energia", "Gabinete con equipo de respaldo de energía (UPS)", 32, "Pieza", 0.10),
                    ("software", "Licencia de software de videovigilancia por cámara", 60, "Pieza", 0.10)],
             sup="P-0036", ten=["P-0036", "P-0039", "P-0033"],
             ms=["Primera etapa: 30 cámaras y fibra óptica del tramo poniente",
                 "Segunda etapa: 30 cámaras y 12 botones de emergencia", "Pruebas de integración con el C4"])])
P("4739", "L", "engracia", "S", "Ciclovía y andador arbolado en Valle de Santa Engracia",
  "Construir una ciclovía bidireccional de 1.6 km y un andador arbolado que conecte Valle de Santa "
  "Engracia con Valle Oriente y el parque del arroyo.",
  ["Movilidad", "Medio ambiente"], "Colonia Valle de Santa Engracia", "a", duration="9 meses")
P("4721", "M", "carrizalejo", "W", "Rehabilitación de la cancha de futbol de Carrizalejo",
  "Sustituir la cancha de tierra de Carrizalejo por pasto sintético de 2,000 m², con malla perimetral, "
  "porterías nuevas y alumbrado LED para partidos nocturnos.",
  ["Deporte"], "Cancha de futbol de la colonia Carrizalejo", "e", cost=995_000, duration="3 meses",
  proc=[dict(kind="OP", seq=46, method="limited", cat="works", stage="completed", start="2024-03-25",
             months=3, factor=0.972, title="Cancha de futbol de Carrizalejo",
             ttitle="Rehabilitación de la cancha de futbol de Carrizalejo con pasto sintético",
             items=[("cancha", "Pasto sintético de 50 mm con base compactada", 2000, "Metro cuadrado", 0.62),
                    ("urbanizacion", "Malla perimetral de 4 m de altura", 180, "Metro lineal", 0.15),
                    ("deportivo", "Portería de futbol 7 con red", 2, "Pieza", 0.05),
                    ("alumbrado", "Luminaria deportiva LED de 400 W en poste de 12 m", 8, "Pieza", 0.18)],
             sup="P-0045", ten=["P-0045", "P-0015", "P-0018"],
             ms=["Base compactada y drenaje", "Pasto sintético, malla y porterías",
                 "Alumbrado y entrega-recepción"])])
P("4729", "M", "engracia", "W", "Arbolado y jardín de polinizadores en Valle de Santa Engracia",
  "Plantar 200 árboles nativos y un jardín de plantas para polinizadores (mariposa monarca y abejas) en "
  "el área verde del arroyo de Valle de Santa Engracia, con riego por goteo.",
  ["Medio ambiente"], "Área verde del arroyo, colonia Valle de Santa Engracia", "a", cost=720_000,
  duration="4 meses",
  proc=[dict(kind="ADQ", seq=67, method="direct", cat="goods", stage="executing", start="2024-06-24",
             months=4, factor=1.0, advance=0.0, title="Árboles, plantas y material de riego para Valle de Santa Engracia",
             ttitle="Adquisición de árboles nativos, plantas para polinizadores y material de riego para "
                    "Valle de Santa Engracia",
             items=[("arboles", "Árbol nativo de 2 m (encino, anacahuita o palo blanco)", 200, "Pieza", 0.55),
                    ("arboles", "Planta para polinizadores en bolsa de 4 litros", 1500, "Pieza", 0.25),
                    ("riego", "Material de riego por goteo", 1, "Lote", 0.20)],
             sup="P-0048", ten=["P-0048"],
             ms=["Entrega de plantas para el jardín de polinizadores", "Entrega y plantación de 200 árboles",
                 "Entrega del material de riego"], fracs=[0.2, 0.3, 1.0], late={1: 40}, lf=0.75)])
P("4737", "M", "carrizalejo", "W", "Rampas y banquetas accesibles en la zona escolar de Carrizalejo",
  "Construir banquetas continuas de 1.5 m y rampas accesibles en las calles que llevan a la primaria y "
  "al jardín de niños de Carrizalejo, con señalamiento de zona escolar.",
  ["Movilidad", "Accesibilidad"], "Zona escolar de la colonia Carrizalejo", "a", cost=990_000,
  duration="5 meses",
  proc=[dict(kind="OP", seq=92, method="limited", cat="works", stage="executing", start="2024-05-13",
             months=5, factor=0.968, title="Banquetas y rampas en la zona escolar de Carrizalejo",
             ttitle="Construcción de banquetas y rampas accesibles en la zona escolar de Carrizalejo",
             items=[("banqueta", "Banqueta de concreto de 1.5 m de ancho", 1450, "Metro cuadrado", 0.68),
                    ("banqueta", "Rampa de accesibilidad con señal podotáctil", 22, "Pieza", 0.22),
                    ("senal", "Señalamiento de zona escolar", 1, "Lote", 0.10)],
             sup="P-0011", ten=["P-0011", "P-0012", "P-0060"],
             ms=["Banquetas de la calle de la primaria", "Banquetas y rampas de la calle del jardín de niños",
                 "Señalamiento y entrega-recepción"],
             c5=True)])
P("4752", "M", "oriente", "W", "Biblioteca al aire libre y foro en Valle Oriente",
  "Construir en el parque de Valle Oriente un foro abierto con gradas y sombra, y casetas de intercambio "
  "de libros, para lecturas, obras de teatro y actividades culturales.",
  ["Cultura y educación", "Espacio público"], "Parque de la colonia Valle Oriente", "e", cost=950_000,
  duration="4 meses",
  proc=[dict(kind="OP", seq=205, method="open", cat="works", stage="tendering", start="2024-08-26",
             tend="2024-10-01", title="Foro y biblioteca al aire libre en Valle Oriente",
             ttitle="Construcción de foro abierto y biblioteca al aire libre en el parque de Valle Oriente",
             items=[("edificacion", "Foro abierto con gradas de concreto", 180, "Metro cuadrado", 0.58),
                    ("sombra", "Velaria tensada sobre el foro", 1, "Pieza", 0.27),
                    ("mobiliario", "Caseta de intercambio de libros", 6, "Pieza", 0.15)])])
P("4747", "M", "carrizalejo", "I", "Repavimentación de calles de Carrizalejo",
  "Repavimentar con concreto hidráulico las calles de Carrizalejo con más baches y hundimientos.",
  ["Movilidad", "Infraestructura"], "Calles de la colonia Carrizalejo", "a",
  docs=[("Acta del Comité de Presupuesto Participativo: proyectos incompatibles", "acta-incompatibles",
         "evaluationReports", 0, None)])
P("4783", "M", "oriente", "U", "Puente peatonal sobre la avenida Lázaro Cárdenas",
  "Construir un puente peatonal con elevador sobre la avenida Lázaro Cárdenas frente a la zona de "
  "oficinas de Valle Oriente.",
  ["Movilidad"], "Avenida Lázaro Cárdenas, colonia Valle Oriente", "e",
  unf="No es viable económicamente: un puente peatonal con elevadores cuesta alrededor de 9 millones de "
      "pesos, más que el monto de un proyecto comunitario (1 millón de pesos); la Secretaría de Movilidad "
      "propone en su lugar un cruce a nivel con semáforo peatonal.")

# ------------------------------------------------------------------ 2023, K6 Montaña
P("4716", "L", "montana", "W", "Drenaje pluvial y pavimentación de calles en Vista Montaña",
  "Construir colectores pluviales y pavimentar con concreto hidráulico las calles de Vista Montaña que se "
  "convierten en arroyos con cada lluvia, con guarniciones, banquetas y rejillas de captación.",
  ["Infraestructura", "Movilidad"], "Calles de la colonia Vista Montaña", "a",
  cost=12_490_000, first_year=10_000_000, duration="10 meses",
  proc=[dict(kind="OP", seq=27, method="open", cat="works", stage="executing", start="2024-02-26",
             months=9, base=12_400_000, factor=0.934, title="Drenaje pluvial y pavimentación en Vista Montaña",
             ttitle="Construcción de drenaje pluvial y pavimentación con concreto hidráulico en Vista Montaña",
             tdesc="Licitación pública nacional para la obra del proyecto ganador del sector K6 del "
                   "Presupuesto Participativo 2023.",
             items=[("drenaje", "Colector pluvial de tubería de 90 cm", 1150, "Metro lineal", 0.35),
                    ("drenaje", "Pozo de visita", 24, "Pieza", 0.07),
                    ("drenaje", "Rejilla de captación pluvial", 40, "Pieza", 0.05),
                    ("pavimento", "Pavimento de concreto hidráulico de 20 cm", 7800, "Metro cuadrado", 0.43),
                    ("banqueta", "Guarnición y banqueta", 2300, "Metro lineal", 0.10)],
             sup="P-0030", ten=["P-0030", "P-0003", "P-0007", "P-0021", "P-0018"],
             ms=["Colectores pluviales y pozos de visita", "Pavimento de concreto hidráulico",
                 "Guarniciones, banquetas y entrega-recepción"], fracs=[0.45, 0.8, 1.0],
             late={0: 85}, lf=0.82, reporting=True,
             amend=[("2024-06-20", 0.114,
                     "Convenio modificatorio CM-01: ampliación del monto en 11.4 % por 1,900 m³ de "
                     "excavación en roca no previstos en el catálogo de conceptos."),
                    ("2024-07-05", None,
                     "Convenio modificatorio CM-02: ampliación del plazo en 30 días naturales por las "
                     "lluvias de la tormenta tropical Alberto (junio de 2024).")])])
P("4742", "L", "chipinque", "U", "Centro de atención a emergencias forestales en Chipinque",
  "Construir una base para brigadistas forestales con bodega de equipo, tanque de agua y helipuerto en la "
  "parte alta de Chipinque.",
  ["Seguridad", "Medio ambiente"], "Parte alta de la colonia Chipinque", "a",
  unf="No es viable jurídicamente: el predio propuesto está dentro del Parque Nacional Cumbres de "
      "Monterrey, área natural protegida de competencia federal, donde el municipio no puede construir; "
      "además, el helipuerto requiere permisos de la Agencia Federal de Aviación Civil.")
P("4709", "M", "olinala", "W", "Muro de contención y barandal en la calle del arroyo de Olinalá",
  "Construir 120 m de muro de contención de mampostería y un barandal de protección en la calle que "
  "bordea el arroyo de Olinalá, donde el talud se desgaja con las lluvias.",
  ["Infraestructura", "Seguridad"], "Calle junto al arroyo, colonia Olinalá", "e", cost=985_000,
  duration="3 meses",
  proc=[dict(kind="OP", seq=29, method="limited", cat="works", stage="completed", start="2024-02-26",
             months=3, factor=0.961, title="Muro de contención en Olinalá",
             ttitle="Construcción de muro de contención y barandal en la calle del arroyo de Olinalá",
             items=[("muro", "Muro de contención de mampostería de piedra", 120, "Metro lineal", 0.82),
                    ("urbanizacion", "Barandal metálico de protección", 120, "Metro lineal", 0.18)],
             sup="P-0018", ten=["P-0018", "P-0030", "P-0007"],
             ms=["Excavación y cimentación", "Muro de mampostería", "Barandal y entrega-recepción"])])
P("4724", "M", "montana", "W", "Senderos señalizados y bancas en el parque de Vista Montaña",
  "Trazar 1.2 km de senderos con escalones de piedra, señalización y bancas de descanso en el parque de "
  "la ladera de Vista Montaña, con un mirador hacia el valle.",
  ["Espacio público", "Medio ambiente"], "Parque de la ladera, colonia Vista Montaña", "a",
  cost=860_000, duration="4 meses",
  proc=[dict(kind="OP", seq=118, method="direct", cat="works", stage="executing", start="2024-06-17",
             months=4, factor=1.0, title="Senderos y mirador en Vista Montaña",
             ttitle="Construcción de senderos, bancas y mirador en el parque de Vista Montaña",
             tdesc="Obra pública por adjudicación directa con base en tres cotizaciones.",
             items=[("sendero", "Sendero con escalones de piedra", 1200, "Metro lineal", 0.60),
                    ("senal", "Señal de ruta y de distancia", 30, "Pieza", 0.12),
                    ("mobiliario", "Banca de piedra con respaldo", 12, "Pieza", 0.13),
                    ("urbanizacion", "Mirador con barandal", 1, "Pieza", 0.15)],
             sup="P-0066", ten=["P-0066"],
             ms=["Trazo y senderos del tramo bajo", "Senderos del tramo alto y mirador",
                 "Señalización, bancas y entrega-recepción"])])
P("4738", "M", "chipinque", "W", "Luminarias solares en las calles de Chipinque",
  "Instalar 45 luminarias solares autónomas en las calles de la colonia Chipinque que no tienen red de "
  "alumbrado, con baterías de litio y sensor de presencia.",
  ["Seguridad", "Medio ambiente"], "Calles de la colonia Chipinque", "a", cost=940_000,
  duration="3 meses",
  proc=[dict(kind="ADQ", seq=88, method="limited", cat="goods", stage="awarded", start="2024-08-12",
             award_date="2024-09-04", factor=0.927, title="Luminarias solares para Chipinque",
             ttitle="Suministro e instalación de luminarias solares autónomas en la colonia Chipinque",
             items=[("luminaria_solar", "Luminaria solar autónoma de 60 W con batería de litio y sensor",
                     45, "Pieza", 0.78),
                    ("poste", "Poste metálico de 6 m con base", 45, "Pieza", 0.22)],
             sup="P-0033", ten=["P-0033", "P-0039", "P-0069"])])
P("4761", "M", "chipinque", "S", "Estaciones de hidratación para ciclistas en Chipinque",
  "Instalar tres estaciones con bebedero, herramienta básica para bicicletas y banca en la subida de "
  "Chipinque, muy usada por ciclistas y corredores.",
  ["Deporte"], "Subida a Chipinque", "a")
P("4775", "M", "olinala", "U", "Camino pavimentado hacia el mirador de Olinalá",
  "Pavimentar la brecha que sube de Olinalá al mirador para que se pueda llegar en automóvil.",
  ["Movilidad"], "Brecha al mirador, colonia Olinalá", "a",
  unf="No es viable jurídica ni ambientalmente: la brecha cruza el Parque Nacional Cumbres de Monterrey, "
      "área natural protegida federal, y pavimentarla requeriría la autorización de impacto ambiental de "
      "la SEMARNAT y el cambio de uso de suelo forestal.")
P("4788", "M", "montana", "D", "Reforestación con encinos en Vista Montaña",
  "Plantar 500 encinos en las áreas verdes y taludes de Vista Montaña con jornadas vecinales de "
  "reforestación.",
  ["Medio ambiente"], "Áreas verdes y taludes de la colonia Vista Montaña", "a")

# ------------------------------------------------------------------ 2024, K1 Casco Urbano
P("5608", "L", "casco", "W", "Remodelación de la plaza principal y el kiosco del Casco Urbano",
  "Renovar los pisos, jardineras, alumbrado y bancas de la plaza principal, restaurar el kiosco y hacer "
  "accesibles todos los accesos para personas con discapacidad.",
  ["Espacio público", "Cultura y educación"], "Plaza principal del Casco Urbano", "e", duration="10 meses")
P("5641", "L", "centro", "S", "Centro de día para personas mayores en San Pedro Centro",
  "Adaptar una casona municipal de San Pedro Centro como centro de día para personas mayores, con comedor, "
  "salones de activación física y talleres, y consultorio.",
  ["Comunidad", "Accesibilidad"], "Casona municipal de San Pedro Centro", "e", duration="12 meses")
P("5612", "M", "sauces", "W", "Luminarias LED en el andador de Los Sauces",
  "Iluminar con 40 luminarias LED el andador peatonal que cruza Los Sauces, hoy oscuro e inseguro por las "
  "noches.",
  ["Seguridad", "Alumbrado"], "Andador peatonal de la colonia Los Sauces", "a")
P("5633", "M", "centro", "W", "Banquetas accesibles y cruces seguros en el Casco Urbano",
  "Rehacer banquetas con rampas para sillas de ruedas, guía táctil y cruces peatonales elevados alrededor "
  "de la plaza y el mercado.",
  ["Movilidad", "Accesibilidad"], "Calles alrededor de la plaza y el mercado del Casco Urbano", "a",
  duration="5 meses")
P("5657", "M", "obispo", "W", "Cámaras de seguridad en los accesos de El Obispo",
  "Instalar ocho cámaras de videovigilancia con lectura de placas en los accesos de la colonia El Obispo, "
  "enlazadas al C4.",
  ["Seguridad"], "Accesos de la colonia El Obispo", "a")
P("5666", "M", "obispo", "S", "Juegos infantiles en la placita de El Obispo",
  "Renovar los juegos infantiles de la placita de El Obispo con piso amortiguante y sombra.",
  ["Espacio público"], "Placita de la colonia El Obispo", "e")
P("5679", "M", "sauces", "U", "Plumas de acceso controlado en las calles de Los Sauces",
  "Instalar plumas y casetas de vigilancia en las entradas de Los Sauces para controlar el acceso de "
  "vehículos.",
  ["Seguridad"], "Entradas de la colonia Los Sauces", "a",
  unf="No es viable jurídicamente: las calles de la colonia son vía pública y el Reglamento de Tránsito y "
      "Vialidad del municipio prohíbe restringir el libre tránsito con plumas o casetas.")
P("5694", "M", "centro", "D", "Bebedero para mascotas en la plaza de San Pedro Centro",
  "Instalar un bebedero para perros y un dispensador de bolsas en la plaza de San Pedro Centro.",
  ["Medio ambiente"], "Plaza de San Pedro Centro", "e")

# ------------------------------------------------------------------ 2024, K2 Centro
P("5615", "L", "tampiquito", "W", "Centro comunitario y canchas techadas en Tampiquito",
  "Ampliar el centro comunitario de Tampiquito con un salón de usos múltiples, consultorio y cocina "
  "comunitaria, y techar las dos canchas contiguas.",
  ["Deporte", "Comunidad"], "Centro comunitario de la colonia Tampiquito", "e", duration="11 meses")
P("5648", "L", "lucio", "U", "Estacionamiento público de varios niveles en Lucio Blanco",
  "Construir un estacionamiento público de tres niveles en Lucio Blanco para liberar las calles de autos "
  "estacionados.",
  ["Movilidad"], "Colonia Lucio Blanco", "a",
  unf="No es viable económica ni jurídicamente: el municipio no tiene un predio disponible del tamaño "
      "necesario en la colonia y el costo estimado (más de 45 millones de pesos) excede el monto de un "
      "proyecto sectorial (12.5 millones de pesos).")
P("5689", "M", "lga", "W", "Luminarias LED en la colonia Lázaro Garza Ayala",
  "Sustituir el alumbrado de vapor de sodio por luminarias LED y colocar postes nuevos en los tramos "
  "oscuros que usan los estudiantes.",
  ["Seguridad", "Alumbrado"], "Calles de la colonia Lázaro Garza Ayala", "a", duration="3 meses",
  cost_expl="85 luminarias LED y 12 postes nuevos, con instalación.")
P("5621", "M", "jsa", "W", "Rampas de accesibilidad en Jardines de San Agustín",
  "Construir rampas con señal podotáctil en las 30 esquinas de las calles principales de Jardines de San "
  "Agustín y reparar las banquetas dañadas.",
  ["Accesibilidad", "Movilidad"], "Calles principales de la colonia Jardines de San Agustín", "a")
P("5636", "M", "lucio", "W", "Biblioteca y ludoteca en el centro comunitario de Lucio Blanco",
  "Equipar una biblioteca y ludoteca infantil en el centro comunitario de Lucio Blanco con acervo, juegos "
  "didácticos, mobiliario y cinco computadoras.",
  ["Cultura y educación"], "Centro comunitario de la colonia Lucio Blanco", "e")
P("5652", "M", "tampiquito", "W", "Arbolado y bancas en la plaza de Tampiquito",
  "Plantar 80 árboles nativos, instalar riego por goteo y colocar bancas a la sombra en la plaza de "
  "Tampiquito.",
  ["Medio ambiente", "Espacio público"], "Plaza de la colonia Tampiquito", "e")
P("5671", "M", "lga", "S", "Mural comunitario y mobiliario en Lázaro Garza Ayala",
  "Pintar un mural comunitario en la barda de la unidad deportiva de Lázaro Garza Ayala y colocar bancas "
  "y botes de basura.",
  ["Cultura y educación"], "Unidad deportiva de la colonia Lázaro Garza Ayala", "e")
P("5698", "M", "tampiquito", "D", "Equipo de sonido para eventos en Tampiquito",
  "Comprar un equipo de sonido y un templete desmontable para los eventos culturales del centro "
  "comunitario de Tampiquito.",
  ["Cultura y educación"], "Centro comunitario de la colonia Tampiquito", "e", noloc=True)

# ------------------------------------------------------------------ 2024, K3 Del Valle
P("5604", "L", "rsa", "W", "Ciclovía confinada entre Residencial San Agustín y Del Valle",
  "Construir una ciclovía confinada de 1.8 km con biciestacionamientos, señalamiento y cruces seguros que "
  "una Residencial San Agustín con la ciclovía de Del Valle.",
  ["Movilidad"], "Entre Residencial San Agustín y la colonia Del Valle", "a", duration="9 meses")
P("5629", "L", "mirasierra", "S", "Renovación integral de las canchas del parque de Mirasierra",
  "Renovar las canchas de futbol, básquetbol y voleibol del parque de Mirasierra con pisos nuevos, "
  "techumbre en la cancha de básquetbol, gradas y alumbrado LED.",
  ["Deporte"], "Parque de la colonia Mirasierra", "e", duration="8 meses")
P("5617", "M", "valle", "W", "Cruces elevados frente a escuelas de Del Valle",
  "Construir cinco cruces peatonales elevados con señalamiento de zona escolar frente a las escuelas de la "
  "colonia Del Valle.",
  ["Movilidad", "Accesibilidad"], "Entornos escolares de la colonia Del Valle", "a")
P("5643", "M", "mirasierra", "W", "Jardín de lluvia en la plaza de Mirasierra",
  "Construir un jardín de lluvia con plantas nativas que capte el agua de las calles y evite "
  "encharcamientos en la plaza de Mirasierra.",
  ["Medio ambiente"], "Plaza de la colonia Mirasierra", "e")
P("5644", "M", "mirasierra", "D", "Parque de bolsillo en la esquina de Mirasierra",
  "Convertir el área verde abandonada de una esquina de Mirasierra en un parque de bolsillo con bancas, "
  "arbolado y juegos para niños pequeños.",
  ["Espacio público"], "Área verde en una esquina de la colonia Mirasierra", "e",
  c7_restored=datetime(2024, 9, 24, 12, 41, 7))
P("5662", "M", "rsa", "W", "Bancas, sombra y bebederos en el parque de Residencial San Agustín",
  "Colocar bancas, velarias de sombra y dos bebederos en el parque de Residencial San Agustín.",
  ["Espacio público"], "Parque de la colonia Residencial San Agustín", "e")
P("5684", "M", "valle", "U", "Semáforos inteligentes en la Calzada del Valle",
  "Sustituir los semáforos de la Calzada del Valle por semáforos inteligentes que se ajusten al tráfico "
  "en tiempo real.",
  ["Movilidad"], "Calzada del Valle", "a",
  unf="No es viable técnica ni económicamente: los semáforos de la Calzada del Valle forman parte de la red "
      "de semaforización metropolitana, cuya modificación requiere un convenio con el Gobierno del Estado, "
      "y el costo estimado (6.2 millones de pesos) excede el monto de un proyecto comunitario (1 millón "
      "de pesos).")
P("5701", "M", "valle", "D", "Huerto escolar en Del Valle",
  "Instalar un huerto con camas elevadas y composta en el jardín de niños público de Del Valle.",
  ["Medio ambiente", "Cultura y educación"], "Jardín de niños de la colonia Del Valle", "e")

# ------------------------------------------------------------------ 2024, K4 Fuentes del Valle
P("5610", "L", "bosques", "W", "Parque central y lago de captación pluvial en Bosques del Valle",
  "Renovar el parque central de Bosques del Valle con un lago de captación de agua de lluvia, andadores, "
  "juegos infantiles, área de picnic y alumbrado.",
  ["Espacio público", "Medio ambiente"], "Parque central de la colonia Bosques del Valle", "e",
  duration="10 meses")
P("5646", "L", "fuentes", "U", "Túnel peatonal bajo la avenida Gómez Morín",
  "Construir un túnel peatonal bajo la avenida Gómez Morín para cruzar de Fuentes del Valle al parque sin "
  "esperar el semáforo.",
  ["Movilidad"], "Avenida Gómez Morín a la altura de Fuentes del Valle", "e",
  unf="No es viable técnicamente: bajo la avenida pasan un colector pluvial y líneas eléctricas "
      "subterráneas que habría que reubicar, lo que eleva el costo por encima de 20 millones de pesos; "
      "además, los túneles peatonales son poco usados y difíciles de vigilar.")
P("5623", "M", "sanangel", "W", "Alumbrado LED en las calles de Valle de San Ángel",
  "Sustituir las luminarias de las calles de Valle de San Ángel por luminarias LED y agregar postes en los "
  "tramos más oscuros.",
  ["Seguridad", "Alumbrado"], "Calles de la colonia Valle de San Ángel", "a")
P("5639", "M", "bosques", "W", "Rampas y banquetas accesibles en Bosques del Valle",
  "Construir rampas accesibles y reparar banquetas en la ruta que une Bosques del Valle con la parada de "
  "transporte y la clínica.",
  ["Accesibilidad", "Movilidad"], "Ruta peatonal de la colonia Bosques del Valle", "a")
P("5658", "M", "fuentes", "W", "Cámaras de seguridad en el parque de Fuentes del Valle",
  "Instalar seis cámaras de videovigilancia y un poste con botón de emergencia en el parque de Fuentes del "
  "Valle, enlazados al C4.",
  ["Seguridad"], "Parque de la colonia Fuentes del Valle", "e")
P("5675", "M", "sanangel", "S", "Parque canino en Valle de San Ángel",
  "Habilitar un parque canino cercado con bebederos, bancas y juegos de agilidad en Valle de San Ángel.",
  ["Espacio público"], "Área verde de la colonia Valle de San Ángel", "e")
P("5702", "M", "bosques", "D", "Huerto comunitario en Bosques del Valle",
  "Habilitar un huerto comunitario con composta, riego por goteo y talleres para vecinos en un área verde "
  "municipal.",
  ["Medio ambiente", "Comunidad"], None, "e", noloc=True)

# ------------------------------------------------------------------ 2024, K5 Valle Oriente
P("5651", "L", "engracia", "W", "Parque lineal Valle de Santa Engracia",
  "Habilitar un parque lineal de 1.4 km con andadores, iluminación peatonal, áreas verdes, juegos "
  "infantiles incluyentes y bebederos.",
  ["Espacio público", "Medio ambiente"], "Franja verde a lo largo del arroyo, colonia Valle de Santa Engracia",
  "a", cost=12_420_000, first_year=9_000_000, duration="12 meses",
  cost_expl="Proyecto ejecutivo preliminar con andadores de concreto estampado, luminarias solares y 300 "
            "árboles.")
P("5683", "L", "oriente", "D", "Centro deportivo de alto rendimiento en Valle Oriente",
  "Construir un centro deportivo con alberca olímpica, gimnasio y pista de atletismo en Valle Oriente.",
  ["Deporte"], "Colonia Valle Oriente", "a")
P("5606", "M", "carrizalejo", "W", "Rehabilitación de canchas de básquetbol en Carrizalejo",
  "Rehabilitar las dos canchas de básquetbol de Carrizalejo con piso nuevo, tableros, pintura y alumbrado "
  "LED.",
  ["Deporte"], "Canchas de la colonia Carrizalejo", "e")
P("5618", "M", "oriente", "S", "Jardín de lluvia y arbolado en camellones de Valle Oriente",
  "Convertir tres camellones en jardines de lluvia con especies nativas para reducir encharcamientos y "
  "sembrar 120 árboles.",
  ["Medio ambiente"], "Camellones de la colonia Valle Oriente", "a", duration="3 meses",
  cost_expl="Incluye obra de infiltración, sustrato, 120 árboles y riego por un año.")
P("5625", "M", "engracia", "W", "Alumbrado peatonal LED en andadores de Valle de Santa Engracia",
  "Instalar 35 luminarias peatonales LED en los andadores de Valle de Santa Engracia que usan los vecinos "
  "para caminar por la noche.",
  ["Seguridad", "Alumbrado"], "Andadores de la colonia Valle de Santa Engracia", "a")
P("5637", "M", "oriente", "W", "Cruces peatonales seguros en Valle Oriente",
  "Construir tres cruces peatonales a nivel de banqueta, con reductores de velocidad y señalamiento, en "
  "las calles de Valle Oriente con más atropellamientos.",
  ["Movilidad"], "Calles de la colonia Valle Oriente", "a")
P("5663", "M", "carrizalejo", "W", "Biblioteca comunitaria en Carrizalejo",
  "Habilitar una biblioteca comunitaria con acervo infantil y juvenil, mesas de estudio, computadoras e "
  "internet en el centro comunitario de Carrizalejo.",
  ["Cultura y educación"], "Centro comunitario de la colonia Carrizalejo", "e")
P("5691", "M", "oriente", "U", "Ciclovía en la avenida Lázaro Cárdenas",
  "Construir una ciclovía confinada a lo largo de la avenida Lázaro Cárdenas entre Valle Oriente y el "
  "límite con Monterrey.",
  ["Movilidad"], "Avenida Lázaro Cárdenas", "a",
  unf="No es viable económica ni técnicamente: la ciclovía mide más de 4 km, su costo estimado (9.5 "
      "millones de pesos) excede el monto de un proyecto comunitario (1 millón de pesos) y la avenida "
      "forma parte de la red vial metropolitana, cuya sección requiere un acuerdo con el municipio de "
      "Monterrey.")

# ------------------------------------------------------------------ 2024, K6 Montaña
P("5613", "L", "olinala", "W", "Estabilización de taludes y drenaje pluvial en Olinalá",
  "Estabilizar los taludes que se desgajan sobre las calles de Olinalá con muros de gaviones y malla, y "
  "construir cunetas y un colector para conducir el agua de lluvia al arroyo.",
  ["Infraestructura", "Seguridad"], "Calles de la ladera, colonia Olinalá", "a", duration="10 meses")
P("5655", "L", "montana", "S", "Centro comunitario de montaña en Vista Montaña",
  "Construir un centro comunitario con salón de usos múltiples, terraza mirador y sanitarios en el parque "
  "de Vista Montaña.",
  ["Comunidad", "Cultura y educación"], "Parque de la colonia Vista Montaña", "e", duration="10 meses")
P("5627", "M", "chipinque", "W", "Senderos y señalización en la ladera de Chipinque",
  "Mejorar 2 km de senderos en la ladera de Chipinque con escalones, drenaje, señalización de rutas y "
  "puntos de descanso.",
  ["Medio ambiente", "Deporte"], "Ladera de la colonia Chipinque", "a")
P("5634", "M", "montana", "W", "Luminarias solares en las calles de Vista Montaña",
  "Instalar 40 luminarias solares autónomas en las calles de Vista Montaña que no tienen alumbrado "
  "público.",
  ["Seguridad", "Alumbrado"], "Calles de la colonia Vista Montaña", "a")
P("5669", "M", "olinala", "T", "Bebederos y bancas en el parque de Olinalá",
  "Instalar dos bebederos, bancas y mesas con sombra en el parque de Olinalá.",
  ["Espacio público"], "Parque de la colonia Olinalá", "e")
P("5676", "M", "chipinque", "T", "Reforestación y riego en el camellón de Chipinque",
  "Reforestar el camellón de la avenida de acceso a Chipinque con 150 árboles nativos y riego por goteo.",
  ["Medio ambiente"], "Camellón de la avenida de acceso, colonia Chipinque", "a")
P("5687", "M", "montana", "S", "Área de juegos infantiles en Vista Montaña",
  "Construir un área de juegos infantiles con piso amortiguante y sombra en el parque de Vista Montaña.",
  ["Espacio público"], "Parque de la colonia Vista Montaña", "e")
P("5699", "M", "montana", "U", "Teleférico al mirador de Chipinque",
  "Construir un teleférico desde Vista Montaña hasta el mirador de Chipinque para turistas y vecinos.",
  ["Movilidad"], "Colonia Vista Montaña", "a",
  unf="No es viable jurídica ni económicamente: la ruta cruza el Parque Nacional Cumbres de Monterrey, "
      "área natural protegida federal, y el costo de un teleférico (cientos de millones de pesos) excede "
      "en mucho el monto de un proyecto comunitario (1 millón de pesos).")


# --- derived data: creation dates, votes, costs, documents ------------------------------------

def rng_for(*parts):
    return random.Random(":".join([SEED] + [str(p) for p in parts]))


FEASIBLE = {"W", "S", "I", "T", "T1", "T0"}


def prepare():
    by_id = {p["id"]: p for p in PROJECTS}
    assert len(by_id) == len(PROJECTS), "duplicate project id"
    for bid, ed in EDITIONS.items():
        ps = sorted((p for p in PROJECTS if p["budget"] == bid), key=lambda p: int(p["id"]))
        start = datetime.fromisoformat(ed["phases"][0]["starts_at"][:19])
        span = (27 * 24 - 6) * 3600
        step = span / len(ps)
        for i, p in enumerate(ps):
            r = rng_for("created", p["id"])
            secs = int(i * step + r.uniform(0.05, 0.85) * step)
            p["created"] = start + timedelta(seconds=secs) + timedelta(hours=7)
    for p in PROJECTS:
        r = rng_for("base", p["id"])
        ed = EDITIONS[p["budget"]]
        p["rng"] = r
        large = p["size"] == "large"
        # supports (first round)
        if p["outcome"] == "D":
            tot = r.randint(24, 140)
        elif p["outcome"] == "U":
            tot = r.randint(180, 720) * (2 if large else 1)
        else:
            tot = r.randint(900, 2600) if large else r.randint(240, 980)
        off = int(round(tot * r.uniform(0.10, 0.21)))
        p["supports"] = (tot - off, off)
        # valuation
        v0, v1 = ed["valuating"]
        vd = add(v0, r.randint(0, (v1 - v0).days))
        p["valued_at"] = datetime(vd.year, vd.month, vd.day, r.randint(9, 17), r.randint(0, 59), 0)
        if p["outcome"] in FEASIBLE:
            if "cost" not in p:
                p["cost"] = (r.randint(1160, 1250) * 10_000) if large else (r.randint(720, 995) * 1000)
            p.setdefault("first_year", p["cost"])
            cat = p["cats"][0]
            p.setdefault("cost_expl", COST_EXPL.get(cat, COST_DEFAULT) % ed["year"])
            if "duration" not in p:
                p["duration"] = "%d meses" % (r.randint(8, 12) if large else r.randint(3, 5))
    # ballots: rank within (edition, sector, size) among the projects on the ballot
    groups = {}
    for p in PROJECTS:
        if p["outcome"] in FEASIBLE:
            groups.setdefault((p["budget"], p["sector"], p["size"]), []).append(p)
    order = {"W": 0, "T1": 1, "T": 1, "T0": 1, "S": 2}
    for key, ps in sorted(groups.items()):
        r = rng_for("ballots", *key)
        ranked = sorted([p for p in ps if p["outcome"] != "I"],
                        key=lambda p: (order[p["outcome"]], ps.index(p)))
        inc = [p for p in ps if p["outcome"] == "I"]
        for p in inc:   # the incompatible project had the second-highest vote
            ranked.insert(1, p)
        top = r.randint(2900, 3900) if key[2] == "large" else r.randint(1150, 1480)
        prev_tie = None
        for p in ranked:
            if p["outcome"] in ("T1", "T0", "T") and prev_tie is not None:
                tot = prev_tie
            else:
                tot = top
                top -= r.randint(35, 260)
            if p["outcome"] in ("T1", "T0", "T"):
                prev_tie = tot
            off = int(round(tot * r.uniform(0.09, 0.19)))
            p["ballots"] = (tot - off, off)
    return by_id


def project_url(budget_id, project_id):
    return "%s/budgets/%s/investments/%s" % (DECIDE, budget_id, project_id)


def administrator(p):
    """The administrator CONSUL assigns to a project it assesses (None before that): its id ends
    the public code (Investment#code: <created year>-<id>-A<administrator id>)."""
    if p["outcome"] == "D":
        return None
    return 3 if int(p["sector"][1]) <= 3 else 7


# --- procurement ---------------------------------------------------------------------------

METHOD_DETAILS = {"open": "Licitación pública", "limited": "Invitación a cuando menos tres personas",
                  "direct": "Adjudicación directa"}
METHOD_CODE = {"open": "LP", "limited": "IR", "direct": "AD"}


class Proc:
    """One contracting process of a winning project, with every date and amount derived."""

    def __init__(self, p, spec, idx):
        self.p, self.s = p, spec
        r = self.r = rng_for("proc", p["id"], idx)
        year = 2024
        seq = spec["seq"]
        self.works = spec["kind"] == "OP"
        unit = "SOP" if self.works else "DA"
        self.process_id = "%d-%s-%04d" % (year, spec["kind"], seq)
        self.tender_id = "%s-%s-%04d-%d" % (unit, METHOD_CODE[spec["method"]], seq, year)
        self.contract_id = "%s-%s-%04d/%d" % (unit, "OP" if self.works else "CA", seq, year)
        self.award_id = self.tender_id + "-A1"
        self.docbase = "%s/contrataciones/%d/%s" % (TRANSPARENCIA, year, self.tender_id)
        m = spec["method"]
        self.t_start = D(spec["start"])
        self.t_end = D(spec["tend"]) if "tend" in spec else weekday(
            add(self.t_start, {"open": 28, "limited": 14, "direct": 7}[m]))
        self.award_date = D(spec["award_date"]) if "award_date" in spec else weekday(
            add(self.t_end, {"open": 9, "limited": 6, "direct": 3}[m]))
        self.signed = weekday(add(self.award_date, 7))
        self.p_start = D(spec["pstart"]) if "pstart" in spec else weekday(add(self.signed, 7))
        months = spec.get("months", 3)
        self.p_end_orig = add(self.p_start, int(round(months * 30.4)) - 1)
        ext = sum(30 for a in spec.get("amend", []) if a[1] is None)
        self.p_end = add(self.p_end_orig, ext)
        self.lf = spec.get("lf", 1.0)
        # amounts, in centavos
        base_pesos = spec.get("base") or int(round(p["cost"] * r.uniform(0.955, 0.995), -3))
        self.items = []
        total = 0
        for i, (ck, desc, qty, unit_name, share) in enumerate(spec["items"], 1):
            uv = int(round(base_pesos * 100 * share / qty * r.uniform(0.975, 1.025)))
            self.items.append((str(i), ck, desc, qty, unit_name, uv))
            total += qty * uv
        self.tender_value = total
        f = spec.get("factor", 1.0)   # the winning bid against the base budget
        self.award_value = int(round(total * f)) if f != 1.0 else total
        inc = 1.0
        for a in spec.get("amend", []):
            if a[1]:
                inc += a[1]
        self.contract_value = int(round(self.award_value * inc))
        self.advance = spec.get("advance", 0.3 if self.works else 0.0)
        self.completion = None
        if spec["stage"] == "completed":
            self.completion = add(self.p_end, r.randint(-4, 6))

    # physical progress (0..1) on a date
    def prog(self, d):
        if d <= self.p_start:
            return 0.0
        x = max(0.0, min(1.0, (d - self.p_start).days / float((self.p_end_orig - self.p_start).days)))
        x = 0.5 * x + 0.5 * x * x * (3 - 2 * x)      # slow start, fast middle, slow finish
        return x * self.lf

    def supplier_name(self):
        return SUPPLIERS[self.s["sup"]][0]

    def doc(self, slug, title, d, dtype, hh=9):
        return {"id": "%s-%s" % (self.tender_id, slug), "title": title,
                "url": "%s/%s.pdf" % (self.docbase, slug), "format": "application/pdf",
                "date": ts(d, hh), "type": dtype}

    def tender(self, n):
        s, m = self.s, self.s["method"]
        stage = s["stage"]
        status = {"planned": "planned", "tendering": "active", "cancelled": "cancelled"}.get(stage, "complete")
        t = {"id": self.tender_id, "title": s["ttitle"]}
        if s.get("tdesc"):
            t["description"] = s["tdesc"]
        t["status"] = status
        t["method"] = m
        t["method_details"] = METHOD_DETAILS[m]
        t["category"] = s["cat"]
        t["value"] = mxnc(self.tender_value)
        t["period"] = {"start": ts(self.t_start, 9), "end": ts(self.t_end, 11)}
        if stage not in ("planned", "tendering", "cancelled"):
            t["number_of_tenderers"] = len(s["ten"])
            t["tenderer_ids"] = list(s["ten"])
        else:
            t["tenderer_ids"] = []
        t["items"] = []
        for iid, ck, desc, qty, unit_name, uv in self.items:
            code, cdesc = CUCOP[ck]
            t["items"].append({"id": iid, "description": desc, "quantity": qty, "unit": unit_name,
                               "unit_value": mxnc(uv),
                               "classification": {"scheme": "CUCOP", "id": code, "description": cdesc}})
        docs = []
        if stage == "planned":
            docs.append(self.doc("anexo-tecnico", "Anexo técnico (versión para consulta pública)",
                                 add(self.t_start, -21), "technicalSpecifications"))
        elif m == "open":
            docs.append(self.doc("convocatoria", "Convocatoria a la licitación pública " + self.tender_id,
                                 self.t_start, "tenderNotice"))
            docs.append(self.doc("bases", "Bases de la licitación y catálogo de conceptos" if self.works
                                 else "Bases de la licitación y anexo técnico", self.t_start, "biddingDocuments"))
            aclar = weekday(add(self.t_start, 10))
            if aclar <= E1 and stage != "cancelled":
                docs.append(self.doc("junta-aclaraciones", "Acta de la junta de aclaraciones", aclar,
                                     "clarifications", 13))
        elif m == "limited":
            docs.append(self.doc("invitacion", "Invitación a cuando menos tres personas " + self.tender_id,
                                 self.t_start, "tenderNotice"))
            docs.append(self.doc("anexo-tecnico", "Anexo técnico y catálogo de conceptos" if self.works
                                 else "Anexo técnico", self.t_start, "technicalSpecifications"))
        else:
            docs.append(self.doc("investigacion-mercado", "Investigación de mercado (tres cotizaciones)",
                                 add(self.t_start, -3), "marketStudies"))
            docs.append(self.doc("anexo-tecnico", "Anexo técnico y catálogo de conceptos" if self.works
                                 else "Anexo técnico", self.t_start, "technicalSpecifications"))
        if stage == "cancelled":
            docs.append(self.doc("cancelacion", "Acta de cancelación de la licitación " + self.tender_id,
                                 D(s["cancel_date"]), "cancellationDetails", 12))
        t["documents"] = docs
        return t

    def awards(self, n):
        s = self.s
        if s["stage"] in ("planned", "tendering", "cancelled"):
            return []
        status = "active"
        if s.get("c4") and n == 2:                                           # C4
            status = "cancelled"
        title = ("Dictamen de adjudicación directa" if s["method"] == "direct"
                 else "Fallo de la %s %s" % ("licitación pública" if s["method"] == "open" else "invitación",
                                             self.tender_id))
        a = {"id": self.award_id, "title": title, "status": status, "date": ts(self.award_date, 13),
             "value": mxnc(self.award_value), "supplier_ids": [s["sup"]],
             "documents": [self.doc("fallo" if s["method"] != "direct" else "dictamen",
                                    "Acta de fallo" if s["method"] != "direct" else "Dictamen de adjudicación directa",
                                    self.award_date, "awardNotice", 13)]}
        return [a]

    def payment_schedule(self):
        """All payments up to the end of the contract: (date, cents). Works: an advance (anticipo),
        then monthly estimates (estimaciones) that amortise it; goods: payments on delivered lots."""
        r = rng_for("payments", self.p["id"], self.process_id)
        V = self.contract_value
        out = []
        paid = 0
        adv = int(round(self.award_value * self.advance))    # on the original amount
        if adv:
            d = weekday(add(self.p_start, r.randint(2, 5)))
            out.append([d, adv])
            paid += adv
        cut_prev = 0.0
        k = 1
        while True:
            cut = add(self.p_start, 30 * k)
            if cut > add(self.p_end_orig, -15):   # the last stretch goes into the final settlement
                break
            pc = self.prog(cut)
            amt = int(round((V - adv) * (pc - cut_prev)))
            if amt > 0:
                out.append([weekday(add(cut, r.randint(9, 16))), amt])
                paid += amt
            cut_prev = pc
            k += 1
        if self.completion:
            out.append([weekday(add(self.completion, 18)), V - paid])
        return out

    def payments(self, n):
        r = rng_for("cfdi", self.p["id"], self.process_id)
        res = []
        nxt = None
        for d, amt in self.payment_schedule():
            uuid = cfdi_uuid(r)
            hh, mm = r.randint(9, 16), r.randint(0, 59)
            if d <= E1:
                res.append({"id": uuid, "date": ts(d, hh, mm), "value": mxnc(amt),
                            "payer_id": MUNICIPIO, "payee_id": self.s["sup"]})
            elif nxt is None:
                nxt = (uuid, amt)
        if self.s.get("c1") and n == 2:                                      # C1
            # the next estimate of the schedule, paid between the two exports
            res.append({"id": nxt[0], "date": ts(D(self.s["c1"]), 11, 20), "value": mxnc(nxt[1]),
                        "payer_id": MUNICIPIO, "payee_id": self.s["sup"]})
        return res

    def milestones(self, n):
        s = self.s
        titles = s.get("ms", [])
        fracs = s.get("fracs") or ([0.35, 0.75, 1.0] if len(titles) == 3 else [0.5, 1.0])
        late = s.get("late", {})
        r = rng_for("milestones", self.p["id"], self.process_id)
        dur = (self.p_end_orig - self.p_start).days
        out = []
        prev = 0.0
        for i, (title, fr) in enumerate(zip(titles, fracs)):
            due = add(self.p_start, int(round(dur * fr)))
            if fr == 1.0:
                due = self.p_end
            if E1 < due <= add(E2, 3):     # keep due dates out of the window between the exports
                due = date(2024, 9, 30)
            m = {"id": str(i + 1), "title": title, "type": "delivery", "due_date": end_of(due)}
            done = self.completion is not None or (due < E1 and i not in late)
            if self.completion is not None:
                met = self.completion if fr == 1.0 else add(due, r.randint(-5, 4))
                m["date_met"] = day(met)
                m["status"] = "met"
                m["progress_percentage"] = 100
            elif i in late:
                if s.get("c2") and n == 2:                                   # C2
                    m["date_met"] = s["c2"]
                    m["status"] = "met"
                    m["progress_percentage"] = 100
                else:
                    m["status"] = "notMet"
                    m["progress_percentage"] = late[i]
            elif done:
                met = min(add(due, r.randint(-6, 5)), add(E1, -2))
                m["date_met"] = day(met)
                m["status"] = "met"
                m["progress_percentage"] = 100
            else:
                pc = self.prog(AS_OF_1)
                within = (pc - prev) / (fr - prev) if fr > prev else 0
                m["status"] = "scheduled"
                m["progress_percentage"] = int(max(0, min(95, round(within * 100))))
            prev = fr
            out.append(m)
        if s.get("reporting") and self.completion is None:
            out.append({"id": str(len(out) + 1),
                        "title": "Informe mensual de avance físico-financiero (agosto de 2024)",
                        "type": "reporting", "due_date": end_of(date(2024, 9, 5)),
                        "date_met": day(date(2024, 9, 4)), "status": "met"})
        return out

    def contracts(self, n):
        s = self.s
        if s["stage"] not in ("executing", "completed", "signed"):
            return []
        value = self.contract_value
        if s.get("c5") and n == 1:                                           # C5
            value = self.contract_value * 10   # decimal point misplaced when it was captured
        c = {"id": self.contract_id, "award_id": self.award_id,
             "title": ("Contrato de obra pública a precios unitarios: " if self.works
                       else "Contrato de adquisición: ")
                      + s.get("ctitle", s["title"][0].lower() + s["title"][1:]),
             "status": "terminated" if s["stage"] == "completed" else "active",
             "date_signed": ts(self.signed, 11, 30),
             "period": {"start": ts(self.p_start), "end": end_of(self.p_end)},
             "value": mxnc(value)}
        docs = [{"id": self.contract_id.replace("/", "-") + "-contrato",
                 "title": "Contrato " + self.contract_id,
                 "url": "%s/contrato.pdf" % self.docbase, "format": "application/pdf",
                 "date": ts(add(self.signed, 1), 10), "type": "contractSigned"}]
        if self.completion:
            docs.append({"id": self.contract_id.replace("/", "-") + "-entrega",
                         "title": "Acta de entrega-recepción",
                         "url": "%s/acta-entrega-recepcion.pdf" % self.docbase, "format": "application/pdf",
                         "date": ts(add(self.completion, 3), 12), "type": "completionCertificate"})
        c["documents"] = docs
        amends = []
        for i, (ad, _, why) in enumerate(s.get("amend", []), 1):
            amends.append({"id": "CM-%02d" % i, "date": ts(D(ad), 12), "rationale": why})
        c["amendments"] = amends
        c["payments"] = self.payments(n) if s["stage"] != "signed" else []
        c["milestones"] = self.milestones(n)
        return [c]

    def element(self, n):
        return {"process_id": self.process_id, "title": self.s["title"], "tender": self.tender(n),
                "awards": self.awards(n), "contracts": self.contracts(n)}

    def consul_milestones(self, n):
        """The project's execution milestones in CONSUL for this process: (date-time, title,
        description, status name)."""
        s, m = self.s, self.s["method"]
        out = []
        if s["stage"] == "planned":
            return out
        if s.get("c9") and n == 1:
            return out
        what = {"open": ("Licitación pública", "Se publicó la convocatoria de la licitación pública %s."),
                "limited": ("Invitación a cuando menos tres personas",
                            "Se invitó a tres empresas a presentar propuestas (%s)."),
                "direct": ("Adjudicación directa",
                           "Se solicitaron tres cotizaciones para adjudicar de forma directa (%s).")}[m]
        out.append((datetime(self.t_start.year, self.t_start.month, self.t_start.day, 9, 30),
                    what[0], what[1] % self.tender_id, "Licitación"))
        if s["stage"] == "cancelled":
            cd = D(s["cancel_date"])
            out.append((datetime(cd.year, cd.month, cd.day, 14, 0), "Licitación cancelada",
                        "Se canceló la licitación %s para ajustar el proyecto ejecutivo al estudio de "
                        "mecánica de suelos; se publicará una nueva convocatoria." % self.tender_id,
                        "Licitación"))
        if s["stage"] in ("executing", "completed"):
            d = add(self.p_start, 1)
            verb = "la obra" if self.works else "las entregas"
            out.append((datetime(d.year, d.month, d.day, 10, 0),
                        "Inicio de obra" if self.works else "Inicio de entregas",
                        "Inició %s a cargo de %s (contrato %s)." % (verb, self.supplier_name(), self.contract_id),
                        "Ejecutando el proyecto"))
        if s["stage"] == "executing" and self.p["size"] == "large":
            d = date(2024, 8, 30)
            out.append((datetime(d.year, d.month, d.day, 17, 0), "Avance de obra" if self.works else "Avance de entregas",
                        "Avance físico de %d %% al %s." % (int(round(self.prog(d) * 100)), fecha_es(d)),
                        "Ejecutando el proyecto"))
        if s["stage"] == "completed":
            d = add(self.completion, 3)
            out.append((datetime(d.year, d.month, d.day, 12, 0),
                        "Obra terminada" if self.works else "Entrega concluida",
                        "Se entregó a la comunidad el %s." % fecha_es(self.completion), "Ejecutado"))
        return out


# --- the record --------------------------------------------------------------------------------

def build_all():
    prepare()
    procs = {}
    for p in PROJECTS:
        procs[p["id"]] = [Proc(p, spec, i) for i, spec in enumerate(p.get("proc", []))]

    # CONSUL milestones: "Estudiando el proyecto" for every 2023 winner, then one per process step;
    # ids follow publication order over both exports.
    consul = {}
    for p in PROJECTS:
        if p["budget"] != "11" or p["outcome"] not in ("W", "T1"):
            continue
        r = rng_for("study", p["id"])
        d = date(2023, 11, 6) + timedelta(days=r.randint(0, 24))
        works = any(pr.works for pr in procs[p["id"]])
        lst = [(datetime(d.year, d.month, d.day, r.randint(9, 17), r.randint(0, 59)), "Proyecto en revisión técnica",
                "La Secretaría de Obras Públicas elabora el proyecto ejecutivo y el presupuesto base." if works else
                "La Dirección de Adquisiciones integra el anexo técnico y la investigación de mercado.",
                "Estudiando el proyecto", 0)]
        if p.get("study2"):
            s2 = p["study2"]
            dd = D(s2[0])
            lst.append((datetime(dd.year, dd.month, dd.day, 16, 0), s2[1], s2[2], "Estudiando el proyecto", 0))
        for pr in procs[p["id"]]:
            for x in pr.consul_milestones(2):
                c9 = 2 if (pr.s.get("c9")) else 0
                lst.append(x + (c9,))
        consul[p["id"]] = lst
    allm = sorted(((x[0], pid, i) for pid, lst in consul.items() for i, x in enumerate(lst)))
    mid = {}
    n = 812
    r = rng_for("milestone-ids")
    for when, pid, i in allm:
        mid[(pid, i)] = str(n)
        n += r.randint(1, 4)

    # CONSUL documents, ids in upload order
    docs = {}
    for p in PROJECTS:
        lst = []
        o = p["outcome"]
        if o in FEASIBLE:
            lst.append((p["valued_at"], "Estudio de factibilidad técnica, económica y jurídica", "factibilidad",
                        "feasibilityStudy", None))
            if p["size"] == "large":
                lst.append((p["valued_at"] + timedelta(minutes=1), "Anteproyecto: " + p["title"], "anteproyecto",
                            "projectPlan", None))
        elif o == "U":
            lst.append((p["valued_at"], "Dictamen de inviabilidad", "dictamen", "feasibilityStudy", None))
        for title, slug, dtype, mins, tag in p.get("docs", []):
            when = p["valued_at"] + timedelta(minutes=mins)
            if o == "I":   # the committee's minutes, uploaded when the flag was set
                when = datetime(2023, 9, 28, 13, 0)
            lst.append((when, title, slug, dtype, tag))
        docs[p["id"]] = lst
    alld = sorted(((x[0], pid, i) for pid, lst in docs.items() for i, x in enumerate(lst)))
    did = {}
    n = 2204
    r = rng_for("document-ids")
    for when, pid, i in alld:
        did[(pid, i)] = str(n)
        n += r.randint(1, 3)

    exports = {}
    for ex in (1, 2):
        recs = []
        for p in sorted(PROJECTS, key=lambda p: (int(p["budget"]), int(p["id"]))):
            if p.get("c7_restored") and ex == 1:                              # C7
                continue
            recs.append(record(p, ex, procs[p["id"]], consul.get(p["id"], []), mid, docs[p["id"]], did))
        exports[ex] = recs
    return exports


def record(p, ex, procs, consul, mid, docs, did):
    ed = EDITIONS[p["budget"]]
    bid = p["budget"]
    col = COLONIAS[p["col"]]
    sec = SECTORS[p["sector"]]
    o = p["outcome"]
    r = rng_for("updated", p["id"])
    y2024 = bid == "12"
    finished = (not y2024) or ex == 2                                        # C8
    selected = o in FEASIBLE

    # updated_at
    if o == "D":
        upd = p["created"] + timedelta(days=r.randint(1, 9), minutes=r.randint(3, 300))
    elif o == "U":
        upd = p["valued_at"]
    elif not finished:
        upd = p["valued_at"] + timedelta(minutes=2)
    else:
        t = ed["offline_typed"]
        upd = datetime(t.year, t.month, t.day, 9, 0) + timedelta(days=r.randint(0, 3), minutes=r.randint(0, 480))
        if o in ("W", "T1", "T"):
            upd = ed["winners_at"] + timedelta(seconds=(int(p["id"]) % 97) * 3)
        if o == "I":
            upd = datetime(2023, 9, 28, 13, 5)
    if p.get("c7_restored"):
        upd = p["c7_restored"]

    code = "%d-%s" % (p["created"].year, p["id"])
    if administrator(p):
        code += "-A%d" % administrator(p)
    project = {"id": p["id"], "code": code, "title": p["title"],
               "description": p["desc"],
               "url": project_url(bid, p["id"]),
               "created_at": ts_dt(p["created"]), "updated_at": ts_dt(upd),
               "categories": p["cats"], "size": p["size"]}

    budget = {"id": bid, "name": ed["name"], "year": ed["year"], "currency": "MXN",
              "phase": "finished" if finished else "balloting",
              "phases": ed["phases"],
              "group": {"id": ed["group"], "name": "Sectores"},
              "heading": {"id": str(ed["heading0"] + int(p["sector"][1])),
                          "name": "Sector %s %s" % (p["sector"], sec[0]),
                          "envelope": mxn(sec[1]), "sector": p["sector"]}}

    territory = {"sector": {"code": p["sector"], "name": sec[0]}}
    if not p.get("noloc"):   # the colonia comes from the map point (see schemas/consul/budget-projects.sql)
        territory["neighbourhood"] = {"id": col[0], "name": col[1]}
    rec = {"record_version": "1", "project": project, "budget": budget, "territory": territory}
    if not p.get("noloc"):
        rl = rng_for("location", p["id"])
        lat = min(25.6698, max(25.6402, col[3] + rl.uniform(-0.0030, 0.0030)))
        lng = min(-100.3402, max(-100.4198, col[4] + rl.uniform(-0.0040, 0.0040)))
        rec["location"] = {"description": p["place"], "point": {"lat": round(lat, 4), "lng": round(lng, 4)},
                           "precision": p["prec"]}

    a = {"feasibility": "feasible" if selected else ("unfeasible" if o == "U" else "undecided"),
         "valuation_finished": o != "D"}
    if o == "U":
        a["unfeasibility_explanation"] = p["unf"]
    if selected:
        a["estimated_cost"] = mxn(p["cost"])
        a["first_year_cost"] = mxn(p["first_year"])
        a["cost_explanation"] = p["cost_expl"]
        a["duration_text"] = p["duration"]
    rec["assessment"] = a

    su = p["supports"]
    part = {"supports": {"online": su[0], "offline": su[1], "total": su[0] + su[1]}}
    if selected and finished:
        b = p["ballots"]
        part["ballots"] = {"online": b[0], "offline": b[1], "total": b[0] + b[1]}
    part["selected"] = selected
    part["winner"] = finished and o in ("W", "T1")
    part["incompatible"] = o == "I"
    part["draw"] = (o in ("T1", "T0")) or (o == "T" and finished)
    rec["participation"] = part

    ms = []
    for i, x in enumerate(consul):
        when, title, desc, status, only = x
        if only == 2 and ex == 1:                                            # C9
            continue
        ms.append({"id": mid[(p["id"], i)], "title": title, "description": desc, "date": ts_dt(when),
                   "status": status})
    ms.sort(key=lambda m: (m["date"], int(m["id"])))
    rec["milestones"] = ms

    # physical progress (from the procurement system)
    main = [pr for pr in procs if pr.s["stage"] in ("executing", "completed")]
    if main:
        if all(pr.completion for pr in main):
            last = max(pr.completion for pr in main)
            rec["progress"] = {"percentage": 100, "as_of": day(last)}
        else:
            as_of = AS_OF_2 if (ex == 2 and p.get("progress_c3")) else AS_OF_1      # C3
            vals = [pr.prog(as_of) for pr in main]
            w = [pr.contract_value for pr in main]
            pct = sum(v * x for v, x in zip(vals, w)) / sum(w)
            rec["progress"] = {"percentage": int(round(pct * 100)), "as_of": day(as_of)}

    dl = []
    for i, (when, title, slug, dtype, tag) in enumerate(docs):
        if tag == "c6" and ex == 2:                                          # C6
            continue
        d_id = did[(p["id"], i)]
        dl.append({"id": d_id, "title": title, "url": project_url(bid, p["id"]),
                   "format": "application/pdf", "date": ts_dt(when), "type": dtype})
    rec["documents"] = dl

    proc_list = []
    for pr in procs:
        if pr.s.get("c9") and ex == 1:                                       # C9
            continue
        proc_list.append(pr.element(ex))
    rec["procurement"] = proc_list

    # parties: everyone this record refers to, in order of first reference
    roles = {}
    for el in proc_list:
        for t in el["tender"].get("tenderer_ids") or []:
            roles.setdefault(t, set()).add("tenderer")
        for aw in el["awards"]:
            for s_ in aw["supplier_ids"]:
                roles.setdefault(s_, set()).add("supplier")
        for c in el["contracts"]:
            for pay in c["payments"]:
                roles.setdefault(pay["payee_id"], set()).add("payee")
    parties = []
    for pid in roles:
        name, rfc, legal, street, loc, cp, email, unit = SUPPLIERS[pid]
        person = legal is None
        party = {"id": pid, "name": name, "rfc": rfc}
        if legal:
            party["legal_name"] = legal
        party["roles"] = [x for x in ("tenderer", "supplier", "payee") if x in roles[pid]]
        addr = {}
        if street:
            addr["street"] = street
        addr.update({"locality": loc, "region": "Nuevo León", "postal_code": cp, "country": "México"})
        party["address"] = addr
        contact = {}
        if unit:
            contact["name"] = unit
        contact["email"] = email
        party["contact"] = contact
        party["publish_identifier"] = not person
        parties.append(party)
    rec["parties"] = parties
    return rec


def main():
    exports = build_all()
    for ex, recs in exports.items():
        path = os.path.join(HERE, "export-%d.jsonl" % ex)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for rec in recs:
                f.write(dumps(rec) + "\n")
        print("%s: %d records" % (os.path.relpath(path), len(recs)))


if __name__ == "__main__":
    main()
