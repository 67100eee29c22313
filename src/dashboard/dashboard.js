/* Dashboard of the participatory budget (ocds build → SITE/dashboard/).
 *
 * Reads window.OCDS_INDICATORS, set by indicators.js (the format is indicators.json "1"), and draws
 * three boards, a map and a table for the chosen edition and sector. Every number comes as is
 * from the chosen group (or the projects list): nothing is recomputed here. Each one is shown in
 * an element with data-indicator="<dotted path in the group>" and data-value="<its JSON value>",
 * which the browser test compares with `ocds indicators`.
 * Plain ES2019, no framework, no network: it works from file:// as well as from a server.
 */
(function () {
  'use strict';

  var STAGES = ['planning', 'tender', 'awarded', 'contracted', 'inExecution', 'delivered', 'cancelled'];
  var STAGE_COLOURS = {
    planning: '#6b6b6b', tender: '#c4500a', awarded: '#a2457e', contracted: '#0067a3',
    inExecution: '#00805c', delivered: '#7a5c00', cancelled: '#8b1e3f'
  };
  var FEAS = ['feasible', 'unfeasible', 'undecided'];
  var FEAS_COLOURS = { feasible: '#00805c', unfeasible: '#b3261e', undecided: '#6b6b6b' };
  var SIZES = ['large', 'medium', 'unknown'];
  var AMOUNTS = ['estimated', 'contracted', 'paid'];
  var AMOUNT_COLOURS = { estimated: '#5b6b80', contracted: '#0067a3', paid: '#00805c' };
  var MISSING = ['tenderValue', 'tenderPeriod', 'buyer', 'awardValue', 'awardDate', 'supplier', 'contractPeriod'];
  var SVGNS = 'http://www.w3.org/2000/svg';
  // Rows of the winners' table drawn at once: a city with thousands of winners stays quick on a phone.
  var ROWS_PAGE = 100;

  var TEXT = {
    es: {
      locale: 'es-MX', other: 'en', otherName: 'English',
      kicker: 'Datos abiertos de contrataciones (OCDS)',
      title: 'Tablero del presupuesto participativo',
      titleCity: 'Presupuesto participativo de {city}',
      asOfTop: 'Datos al {date}, hora de {zone}.',
      intro: 'Ejecución, factibilidad y seguimiento de los proyectos del presupuesto participativo, con los datos publicados en el Estándar de Datos de Contrataciones Abiertas.',
      filters: 'Filtros', toc: 'En esta página',
      edition: 'Edición', allEditions: 'Todas las ediciones', sector: 'Sector', allSectors: 'Todos los sectores',
      showing: '{edition} · {sector}. Proyectos: {projects}; ganadores: {winners}.',
      empty: 'No hay proyectos de esta edición en este sector: los indicadores están en cero.',
      noData: 'sin datos', noDataFile: 'No se encontraron los datos del tablero (indicators.js).',
      hExecution: 'Proyectos en ejecución', hFeasibility: 'Factibilidad de los proyectos',
      hFollowUp: 'Indicadores de seguimiento', hMap: 'Ubicación de los proyectos ganadores', hProjects: 'Proyectos ganadores',
      execNote: 'Solo los proyectos ganadores.',
      feasNote: 'Todos los proyectos propuestos, ganadores o no.',
      followNote: 'Presupuesto, competencia, proveedores, modificaciones y calidad de los datos.',
      winners: 'Proyectos ganadores', winnersNote: 'Elegidos en la votación.',
      stagesTitle: 'Proyectos ganadores por etapa',
      stage: { planning: 'Planeación', tender: 'Licitación', awarded: 'Adjudicado', contracted: 'Contratado',
        inExecution: 'En ejecución', delivered: 'Entregado', cancelled: 'Cancelado' },
      amountsTitle: 'Montos estimado, contratado y pagado',
      amount: { estimated: 'Estimado', contracted: 'Contratado', paid: 'Pagado' },
      noAmounts: 'No hay montos en esta selección.',
      progressTitle: 'Avance físico promedio', progressNote: 'Proyectos que lo informan: {n}',
      milestonesTitle: 'Hitos de los contratos', msTotal: 'Hitos', msMet: 'Cumplidos', msLate: 'Atrasados',
      msNote: 'Atrasados: con fecha vencida al {date} y sin cumplir.',
      daysTitle: 'Días del anuncio del ganador a la firma del contrato', median: 'Mediana', mean: 'Promedio',
      min: 'Mínimo', max: 'Máximo', daysNote: 'Mediana. Proyectos con contrato firmado: {n}', days: 'días',
      feasProjects: 'Proyectos propuestos', valFinished: 'Valoración terminada', valPending: 'Valoración pendiente',
      feasTitle: 'Resultado de la valoración',
      feas: { feasible: 'Factibles', unfeasible: 'Inviables', undecided: 'Sin decidir' },
      unfeasibleShare: 'Proporción de inviables', unfeasibleShareNote: 'entre los proyectos valorados como factibles o inviables',
      bySize: 'Por tamaño del proyecto', size: { large: 'Grande', medium: 'Mediano', unknown: 'Sin tamaño' },
      sizeCol: 'Tamaño', bySector: 'Por sector', sectorCol: 'Sector', projectsCol: 'Proyectos',
      winnersCol: 'Ganadores', shareCol: '% inviables',
      bySectorOne: 'La tabla por sector aparece con «Todos los sectores».',
      reasons: 'Motivos de inviabilidad', noReasons: 'No hay proyectos inviables en esta selección.',
      moreReasons: 'Ver los otros {n} motivos',
      envTitle: 'Bolsa y costo de los ganadores', envelope: 'Bolsa de los sectores',
      winnersEstimated: 'Costo estimado de los ganadores', envelopeUsed: 'de la bolsa ocupada por los ganadores',
      directTitle: 'Adjudicaciones directas', directNote: 'Por adjudicación directa: {n}. Procesos de contratación: {p}.',
      singleTitle: 'Un solo licitante', singleNote: 'Con un solo licitante: {single}. Licitaciones que informan cuántos hubo: {tenders}.',
      suppliersTitle: 'Proveedores distintos', top: 'Principal proveedor:',
      topShare: '{share} del valor adjudicado ({value})', noTop: 'Aún no hay proveedores.',
      amendTitle: 'Contratos con aumento de monto', amendNote: 'Contratos modificados: {n}. Aumento total: {increase}.',
      qualityTitle: 'Calidad de los datos', qProcesses: 'Procesos (planeación y contratación)',
      withErrors: 'Procesos con errores', errors: 'Errores', warnings: 'Advertencias',
      errorsPer: 'Errores por proceso', warningsPer: 'Advertencias por proceso',
      missingTitle: 'Campos útiles faltantes', fieldCol: 'Campo', missingCol: 'Faltan', missingOf: '{missing} de {of}',
      field: { tenderValue: 'Valor de la licitación', tenderPeriod: 'Periodo de la licitación', buyer: 'Comprador',
        awardValue: 'Valor de la adjudicación', awardDate: 'Fecha de la adjudicación', supplier: 'Proveedor',
        contractPeriod: 'Periodo del contrato' },
      mapLabel: 'Mapa esquemático de los proyectos ganadores, coloreados por etapa',
      mapNote: 'Proyectos ganadores con ubicación: {n} de {m}. Puntos situados por latitud y longitud en el área que ocupan, sin mapa de fondo; la tabla de abajo tiene los mismos proyectos.',
      mapHint: 'Tab recorre los puntos; Enter lleva a la fila del proyecto.',
      mapEmpty: 'No hay proyectos ganadores con ubicación en esta selección.',
      legend: 'Etapa', north: 'N',
      tableCaption: 'Proyectos ganadores de la selección', sortHint: 'Los encabezados con botón ordenan la tabla.',
      colProject: 'Proyecto', colSector: 'Sector', colStage: 'Etapa', colProgress: 'Avance físico',
      colProcesses: 'Procesos y datos OCDS', projectRecord: 'Registro del proyecto', record: 'Registro',
      releases: 'Entregas:', releaseLabel: 'Entrega {n} de {title}', recordLabel: 'Registro OCDS de {title}',
      noProcesses: 'Sin procesos de contratación todavía.', noWinners: 'No hay proyectos ganadores en esta selección.',
      moreRows: 'Mostrar {n} más ({shown} de {total})',
      progressLabel: 'Avance físico de {title}',
      asOf: 'Datos al {date}, hora de {zone}.', downloads: 'Descargas de datos abiertos (OCDS)', json: 'Indicadores en JSON',
      search: 'Buscar un proyecto', searchHint: 'Por título, clave o número, entre todos los proyectos de la selección, ganadores o no.',
      searchResults: 'Proyectos que coinciden con «{q}»: {n} ({w} ganadores).', noMatch: 'Ningún proyecto de la selección coincide con «{q}».',
      searchCaption: 'Proyectos que coinciden con la búsqueda',
      chooseEdition: 'Esta publicación tiene {n} proyectos: elija una edición para verlos en el mapa, en la búsqueda y en la tabla.',
      loading: 'Cargando los proyectos…', loadError: 'No se pudieron cargar los proyectos ({file}).',
      skipMap: 'Saltar el mapa e ir a la tabla de proyectos',
      clusterLabel: '{n} proyectos ganadores en esta zona ({stages}); Enter acerca el mapa a ella.',
      zoomOut: 'Ver el mapa completo', zoomed: 'Mapa acercado a una zona: {n} proyectos ganadores.',
      clusterNote: 'Los puntos cercanos se agrupan: el número dice cuántos proyectos hay; un grupo acerca el mapa a su zona.',
      suppliersList: 'Proveedores con más monto adjudicado', colSupplier: 'Proveedor', colAwarded: 'Monto adjudicado',
      colAwardedShare: '% del monto adjudicado', colSupplierProcesses: 'Procesos', moreSuppliers: 'Ver los otros {n} proveedores',
      suppliersNote: 'Los {n} con más monto adjudicado, de {total} proveedores distintos. Adjudicaciones activas; el monto de una adjudicación con varios proveedores se reparte por partes iguales.',
      method: { open: 'licitación pública', selective: 'invitación restringida', limited: 'invitación limitada', direct: 'adjudicación directa' }
    },
    en: {
      locale: 'en-US', other: 'es', otherName: 'Español',
      kicker: 'Open contracting data (OCDS)',
      title: 'Participatory budget dashboard',
      titleCity: 'Participatory budget of {city}',
      asOfTop: 'Data as of {date}, {zone} time.',
      intro: 'Execution, feasibility and follow-up of the participatory budget projects, from the data published in the Open Contracting Data Standard.',
      filters: 'Filters', toc: 'On this page',
      edition: 'Edition', allEditions: 'All editions', sector: 'Sector', allSectors: 'All sectors',
      showing: '{edition} · {sector}. Projects: {projects}; winners: {winners}.',
      empty: 'No project of this edition is in this sector: the indicators are zero.',
      noData: 'no data', noDataFile: 'The dashboard data (indicators.js) was not found.',
      hExecution: 'Projects in execution', hFeasibility: 'Feasibility of the projects',
      hFollowUp: 'Follow-up indicators', hMap: 'Location of the winning projects', hProjects: 'Winning projects',
      execNote: 'Winning projects only.',
      feasNote: 'Every proposed project, winner or not.',
      followNote: 'Budget, competition, suppliers, amendments and data quality.',
      winners: 'Winning projects', winnersNote: 'Chosen in the vote.',
      stagesTitle: 'Winning projects by stage',
      stage: { planning: 'Planning', tender: 'Tendering', awarded: 'Awarded', contracted: 'Contracted',
        inExecution: 'In execution', delivered: 'Delivered', cancelled: 'Cancelled' },
      amountsTitle: 'Estimated, contracted and paid amounts',
      amount: { estimated: 'Estimated', contracted: 'Contracted', paid: 'Paid' },
      noAmounts: 'No amounts in this selection.',
      progressTitle: 'Mean physical progress', progressNote: 'Projects that report it: {n}',
      milestonesTitle: 'Contract milestones', msTotal: 'Milestones', msMet: 'Met', msLate: 'Late',
      msNote: 'Late: due by {date} and not met.',
      daysTitle: 'Days from the winner announcement to the contract signature', median: 'Median', mean: 'Mean',
      min: 'Minimum', max: 'Maximum', daysNote: 'Median. Projects with a signed contract: {n}', days: 'days',
      feasProjects: 'Proposed projects', valFinished: 'Valuation finished', valPending: 'Valuation pending',
      feasTitle: 'Valuation result',
      feas: { feasible: 'Feasible', unfeasible: 'Unfeasible', undecided: 'Undecided' },
      unfeasibleShare: 'Unfeasible share', unfeasibleShareNote: 'among the projects valued feasible or unfeasible',
      bySize: 'By project size', size: { large: 'Large', medium: 'Medium', unknown: 'No size' },
      sizeCol: 'Size', bySector: 'By sector', sectorCol: 'Sector', projectsCol: 'Projects',
      winnersCol: 'Winners', shareCol: '% unfeasible',
      bySectorOne: 'The table by sector shows with “All sectors”.',
      reasons: 'Reasons for unfeasibility', noReasons: 'No unfeasible project in this selection.',
      moreReasons: 'Show the other {n} reasons',
      envTitle: 'Envelope and cost of the winners', envelope: 'Envelope of the sectors',
      winnersEstimated: 'Estimated cost of the winners', envelopeUsed: 'of the envelope taken by the winners',
      directTitle: 'Direct awards', directNote: 'By direct award: {n}. Contracting processes: {p}.',
      singleTitle: 'Single bidder', singleNote: 'With a single bidder: {single}. Tenders that report how many: {tenders}.',
      suppliersTitle: 'Distinct suppliers', top: 'Top supplier:',
      topShare: '{share} of the awarded value ({value})', noTop: 'No supplier yet.',
      amendTitle: 'Contracts whose value was raised', amendNote: 'Amended contracts: {n}. Total increase: {increase}.',
      qualityTitle: 'Data quality', qProcesses: 'Processes (planning and contracting)',
      withErrors: 'Processes with errors', errors: 'Errors', warnings: 'Warnings',
      errorsPer: 'Errors per process', warningsPer: 'Warnings per process',
      missingTitle: 'Useful fields missing', fieldCol: 'Field', missingCol: 'Missing', missingOf: '{missing} of {of}',
      field: { tenderValue: 'Tender value', tenderPeriod: 'Tender period', buyer: 'Buyer',
        awardValue: 'Award value', awardDate: 'Award date', supplier: 'Supplier', contractPeriod: 'Contract period' },
      mapLabel: 'Schematic map of the winning projects, coloured by stage',
      mapNote: 'Winning projects with a location: {n} of {m}. Points placed by latitude and longitude within the area they cover, with no background map; the table below has the same projects.',
      mapHint: 'Tab moves through the points; Enter goes to the project’s row.',
      mapEmpty: 'No winning project with a location in this selection.',
      legend: 'Stage', north: 'N',
      tableCaption: 'Winning projects of the selection', sortHint: 'Headers with a button sort the table.',
      colProject: 'Project', colSector: 'Sector', colStage: 'Stage', colProgress: 'Physical progress',
      colProcesses: 'Processes and OCDS data', projectRecord: 'Project record', record: 'Record',
      releases: 'Releases:', releaseLabel: 'Release {n} of {title}', recordLabel: 'OCDS record of {title}',
      noProcesses: 'No contracting process yet.', noWinners: 'No winning project in this selection.',
      moreRows: 'Show {n} more ({shown} of {total})',
      progressLabel: 'Physical progress of {title}',
      asOf: 'Data as of {date}, {zone} time.', downloads: 'Open data downloads (OCDS)', json: 'Indicators as JSON',
      search: 'Search for a project', searchHint: 'By title, code or number, among every project of the selection, winning or not.',
      searchResults: 'Projects matching “{q}”: {n} ({w} winners).', noMatch: 'No project of the selection matches “{q}”.',
      searchCaption: 'Projects matching the search',
      chooseEdition: 'This publication has {n} projects: choose an edition to see them on the map, in the search and in the table.',
      loading: 'Loading the projects…', loadError: 'The projects could not be loaded ({file}).',
      skipMap: 'Skip the map and go to the table of projects',
      clusterLabel: '{n} winning projects in this area ({stages}); Enter zooms the map into it.',
      zoomOut: 'Show the whole map', zoomed: 'Map zoomed into an area: {n} winning projects.',
      clusterNote: 'Nearby points are grouped: the number says how many projects there are; a group zooms the map into its area.',
      suppliersList: 'Suppliers with the most awarded value', colSupplier: 'Supplier', colAwarded: 'Awarded value',
      colAwardedShare: '% of the awarded value', colSupplierProcesses: 'Processes', moreSuppliers: 'Show the other {n} suppliers',
      suppliersNote: 'The {n} with the most awarded value, of {total} distinct suppliers. Active awards; an award with several suppliers is split evenly.',
      method: { open: 'open tender', selective: 'selective tender', limited: 'limited tender', direct: 'direct award' }
    }
  };

  var DATA = window.OCDS_INDICATORS;
  // The site's facts (indicators.js): the city, its time zone, and each edition's file of projects.
  var SITE = window.OCDS_SITE || { city: '', timeZone: 'UTC', projects: [] };
  // The projects come by edition (projects/<edition>.js, each setting OCDS_PROJECTS[edition id]) and
  // load when the page shows that edition; a site built before then has them all in DATA.projects.
  var PROJECTS = window.OCDS_PROJECTS = window.OCDS_PROJECTS || {};
  // "All editions" loads every edition's projects only up to this many: a city of 100,000 projects
  // would load 65 MB. Above it the boards still show everything; the map and table ask for an edition.
  var ALL_LIMIT = window.OCDS_DASHBOARD_ALL_LIMIT || 5000;
  // Above this many located winners the map groups nearby points.
  var CLUSTER_FROM = 150;
  var failedFiles = {};
  var state = { edition: null, sector: null, lang: 'es', sortKey: null, sortDir: 1, rowsShown: ROWS_PAGE, query: '', mapArea: null };
  var T = TEXT.es;

  // ---- small helpers -------------------------------------------------------------------------

  // h('p', {class: 'x', 'data-a': 1}, child, 'text', [more]) builds an element; null/false are skipped.
  function h(tag, attrs) {
    var el = document.createElement(tag);
    setAttrs(el, attrs);
    appendAll(el, Array.prototype.slice.call(arguments, 2));
    return el;
  }
  function s(tag, attrs) {
    var el = document.createElementNS(SVGNS, tag);
    setAttrs(el, attrs);
    appendAll(el, Array.prototype.slice.call(arguments, 2));
    return el;
  }
  function setAttrs(el, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'text') el.textContent = v;
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    });
  }
  function appendAll(el, kids) {
    kids.forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      if (Array.isArray(c)) appendAll(el, c);
      else el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
  }
  // fill('{a} de {b}', {a: node, b: 'x'}) → nodes and strings, for sentences with numbers inside.
  function fill(template, parts) {
    return template.split(/(\{\w+\})/).filter(Boolean).map(function (piece) {
      var m = /^\{(\w+)\}$/.exec(piece);
      return m && parts[m[1]] !== undefined ? parts[m[1]] : piece;
    });
  }
  function fillText(template, parts) {
    return template.replace(/\{(\w+)\}/g, function (all, k) { return parts[k] !== undefined ? parts[k] : all; });
  }
  function get(obj, path) {
    return path.split('.').reduce(function (o, k) { return o === null || o === undefined ? undefined : o[k]; }, obj);
  }
  function isNum(v) { return typeof v === 'number' && isFinite(v); }

  // ---- number formats (es-MX or en-US) -------------------------------------------------------

  function fmt(kind, v, currency) {
    if (!isNum(v)) return null;
    var loc = T.locale;
    switch (kind) {
      case 'int': return new Intl.NumberFormat(loc, { maximumFractionDigits: 0 }).format(v);
      case 'dec': return new Intl.NumberFormat(loc, { maximumFractionDigits: 2 }).format(v);
      // Days, like percentages, always with at most one decimal: a median of 12.5 days and a mean of 12.35 read alike.
      case 'days': return new Intl.NumberFormat(loc, { maximumFractionDigits: 1 }).format(v);
      case 'share': return new Intl.NumberFormat(loc, { style: 'percent', maximumFractionDigits: 1 }).format(v);
      case 'pct': return new Intl.NumberFormat(loc, { style: 'percent', maximumFractionDigits: 1 }).format(v / 100);
      case 'money':
        try {
          return new Intl.NumberFormat(loc, { style: 'currency', currency: currency, maximumFractionDigits: 2 }).format(v);
        } catch (e) { // not an ISO 4217 code: the number and the code
          return new Intl.NumberFormat(loc, { maximumFractionDigits: 2 }).format(v) + ' ' + currency;
        }
      default: return String(v);
    }
  }
  // The element of one number: its path, raw JSON value and format for the test, its formatted text for people.
  function valueEl(attrName, path, v, kind, currency, cls) {
    var attrs = { class: cls || null, 'data-value': JSON.stringify(v === undefined ? null : v), 'data-kind': kind };
    attrs[attrName] = path;
    var text = fmt(kind, v, currency);
    if (text === null) {
      return h('span', attrs, h('span', { 'aria-hidden': 'true', text: '—' }), h('span', { class: 'sr-only', text: T.noData }));
    }
    return h('span', attrs, text);
  }
  // A number of the chosen group at a dotted path.
  function num(g, path, kind, cls) { return valueEl('data-indicator', path, get(g, path), kind, null, cls); }
  // Amounts are objects keyed by currency: one line per currency; "—" when there is none.
  function money(g, path, cls) {
    var obj = get(g, path) || {};
    var curs = Object.keys(obj);
    if (!curs.length) return valueEl('data-indicator', path, obj, 'money', null, cls);
    return curs.map(function (c, i) {
      return [i ? h('span', { class: 'money-sep', text: ' · ' }) : null, valueEl('data-indicator', path + '.' + c, obj[c], 'money', c, 'money ' + (cls || ''))];
    });
  }
  function currenciesOf(objs) {
    var seen = [];
    objs.forEach(function (o) { Object.keys(o || {}).forEach(function (c) { if (seen.indexOf(c) < 0) seen.push(c); }); });
    return seen;
  }

  // ---- data selection --------------------------------------------------------------------------

  function findGroup(edition, sector) {
    var gs = DATA.groups || [];
    for (var i = 0; i < gs.length; i++) if (gs[i].edition === edition && gs[i].sector === sector) return gs[i];
    return null;
  }
  // The zeros shown for an edition × sector combination that has no project.
  function emptyGroup(edition, sector) {
    var zeroSizes = {};
    SIZES.forEach(function (sz) { zeroSizes[sz] = { feasible: 0, unfeasible: 0, undecided: 0 }; });
    var zeroMissing = {};
    MISSING.forEach(function (f) { zeroMissing[f] = { missing: 0, of: 0 }; });
    var stages = {};
    STAGES.forEach(function (st) { stages[st] = 0; });
    return {
      edition: edition, sector: sector,
      execution: { winners: 0, stages: stages, amounts: { estimated: {}, contracted: {}, paid: {} },
        progress: { projects: 0, mean: null }, milestones: { total: 0, met: 0, late: 0 },
        daysToContract: { projects: 0, median: null, mean: null, min: null, max: null } },
      feasibility: { projects: 0, feasibility: { feasible: 0, unfeasible: 0, undecided: 0 }, valuationFinished: 0,
        valuationPending: 0, unfeasibleShare: null, bySize: zeroSizes, unfeasibleReasons: [] },
      followUp: { envelope: {}, winnersEstimated: {}, envelopeUsed: null, processes: 0,
        direct: { processes: 0, share: null }, singleBidder: { tenders: 0, single: 0, share: null },
        suppliers: { distinct: 0, top: null, list: [] }, amendments: { contracts: 0, raisedValue: 0, increase: {} },
        quality: { processes: 0, withErrors: 0, errors: 0, warnings: 0, errorsPerProcess: null,
          warningsPerProcess: null, missing: zeroMissing } }
    };
  }
  // ---- projects, loaded per edition ----------------------------------------------------------------

  function totalProjects() { var g = findGroup(null, null); return g ? g.feasibility.projects : 0; }
  // Whether "all editions" has more projects than the page loads at once.
  function tooManyForAll() { return !DATA.projects && state.edition === null && totalProjects() > ALL_LIMIT; }
  // The files of projects the chosen filters show.
  function neededFiles() {
    if (DATA.projects || tooManyForAll()) return [];
    return (SITE.projects || []).filter(function (f) { return state.edition === null || f.edition === state.edition; });
  }
  function missingFiles() {
    return neededFiles().filter(function (f) { return !Object.prototype.hasOwnProperty.call(PROJECTS, f.edition) && !failedFiles[f.file]; });
  }
  // Loads files of projects as plain scripts (they work from file:// too), then calls done.
  function loadFiles(files, done) {
    var left = files.length;
    files.forEach(function (f) {
      var script = document.createElement('script');
      script.src = f.file;
      script.onload = function () { if (--left === 0) done(); };
      script.onerror = function () { failedFiles[f.file] = true; if (--left === 0) done(); };
      document.body.appendChild(script);
    });
  }
  function selectedProjects() {
    var all = DATA.projects || [].concat.apply([], neededFiles().map(function (f) { return PROJECTS[f.edition] || []; }));
    return all.filter(function (p) {
      return (state.edition === null || p.edition === state.edition) && (state.sector === null || p.sector === state.sector);
    });
  }
  // A project matches the search when its title, code or number holds the words, accents and case aside.
  function fold(text) { return String(text || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(); }
  function matches(p, query) {
    var hay = fold([p.title, p.code, p.id].join(' '));
    return fold(query).split(/\s+/).filter(Boolean).every(function (word) { return hay.indexOf(word) >= 0; });
  }
  function sectorName(id) {
    var found = (DATA.sectors || []).filter(function (x) { return x.id === id; })[0];
    return found ? found.name : (id || '—');
  }
  function editionName(id) {
    var found = (DATA.editions || []).filter(function (x) { return x.id === id; })[0];
    return found ? found.name : id;
  }

  // ---- URL hash: #edition=11&sector=K1&lang=en ------------------------------------------------

  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ''));
    var ed = params.get('edition'), sec = params.get('sector'), lang = params.get('lang');
    state.edition = (DATA.editions || []).some(function (e) { return e.id === ed; }) ? ed : null;
    state.sector = (DATA.sectors || []).some(function (x) { return x.id === sec; }) ? sec : null;
    state.lang = lang === 'en' ? 'en' : 'es';
  }
  function writeHash() {
    var params = new URLSearchParams();
    if (state.edition !== null) params.set('edition', state.edition);
    if (state.sector !== null) params.set('sector', state.sector);
    if (state.lang !== 'es') params.set('lang', state.lang);
    var hash = params.toString();
    var url = location.pathname + location.search + (hash ? '#' + hash : '');
    // replaceState changes the address without a hashchange event (and without a new history entry).
    try { history.replaceState(null, '', url); } catch (e) { location.hash = hash; }
  }
  // Only hashes of the filter form (key=value) are ours; #execution and the like are in-page anchors.
  function isStateHash() { return location.hash === '' || location.hash.indexOf('=') >= 0; }

  // ---- the boards ------------------------------------------------------------------------------

  function card(title, wide) {
    // wide: true = the whole row; 'span2' = two columns where there is room.
    return h('div', { class: 'card' + (wide === true ? ' wide' : wide ? ' ' + wide : '') }, h('h3', { text: title }), Array.prototype.slice.call(arguments, 2));
  }
  // One bar row: the label, the value as text, and a bar whose length is value / max.
  function barRow(label, valueNode, value, max, colour) {
    var pct = isNum(value) && max > 0 ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
    return h('li', { class: 'bar-row' },
      h('span', { class: 'bar-label' }, h('span', { class: 'swatch', style: 'background:' + colour, 'aria-hidden': 'true' }), label),
      h('span', { class: 'bar-value' }, valueNode),
      h('span', { class: 'bar-track', 'aria-hidden': 'true' }, h('span', { class: 'bar-fill', style: 'width:' + pct.toFixed(2) + '%;background:' + colour })));
  }
  function facts(rows, stacked) {
    return h('dl', { class: 'facts' + (stacked ? ' stacked' : '') }, rows.map(function (r) { return [h('dt', { text: r[0] }), h('dd', null, r[1])]; }));
  }

  function renderExecution(g) {
    var e = g.execution;
    // Stage bars are shares of the winners (a stage with every winner fills its bar).
    var stageMax = Math.max.apply(null, STAGES.map(function (st) { return e.stages[st] || 0; }).concat([e.winners || 0, 1]));
    var curs = currenciesOf([e.amounts.estimated, e.amounts.contracted, e.amounts.paid]);
    var amountBlocks = curs.length ? curs.map(function (c) {
      var max = Math.max.apply(null, AMOUNTS.map(function (k) { return e.amounts[k][c] || 0; }));
      return h('div', { class: 'currency-block' }, curs.length > 1 ? h('h4', { text: c }) : null,
        h('ul', { class: 'bars' }, AMOUNTS.map(function (k) {
          var v = e.amounts[k][c];
          // A kind with no amount at all is {} (shown as "—"); a currency absent from one kind is just "—".
          var node = v !== undefined ? valueEl('data-indicator', 'execution.amounts.' + k + '.' + c, v, 'money', c)
            : !Object.keys(e.amounts[k]).length ? valueEl('data-indicator', 'execution.amounts.' + k, {}, 'money')
              : h('span', { text: '—' });
          return barRow(T.amount[k], node, v, max, AMOUNT_COLOURS[k]);
        })));
    }) : [h('p', { class: 'note', text: T.noAmounts }), AMOUNTS.map(function (k) {
      return h('p', { class: 'sr-only' }, T.amount[k] + ': ', money(g, 'execution.amounts.' + k));
    })];
    return [
      card(T.winners, false, num(g, 'execution.winners', 'int', 'big'), h('p', { class: 'note', text: T.winnersNote })),
      card(T.progressTitle, false, num(g, 'execution.progress.mean', 'pct', 'big'),
        h('p', { class: 'note' }, fill(T.progressNote, { n: num(g, 'execution.progress.projects', 'int') }))),
      card(T.milestonesTitle, false, facts([
        [T.msTotal, num(g, 'execution.milestones.total', 'int')],
        [T.msMet, num(g, 'execution.milestones.met', 'int')],
        [T.msLate, num(g, 'execution.milestones.late', 'int', e.milestones.late > 0 ? 'late' : null)]
      ]), h('p', { class: 'note', text: fillText(T.msNote, { date: formatDate(DATA.asOf, false) }) })),
      card(T.daysTitle, false,
        h('span', { class: 'big' }, num(g, 'execution.daysToContract.median', 'days'), h('span', { class: 'note', text: ' ' + T.days })),
        h('p', { class: 'note' }, fill(T.daysNote, { n: num(g, 'execution.daysToContract.projects', 'int') })),
        facts([
          [T.mean, num(g, 'execution.daysToContract.mean', 'days')],
          [T.min, num(g, 'execution.daysToContract.min', 'days')],
          [T.max, num(g, 'execution.daysToContract.max', 'days')]
        ])),
      card(T.stagesTitle, true, h('ul', { class: 'bars bars-2col' }, STAGES.map(function (st) {
        return barRow(T.stage[st], num(g, 'execution.stages.' + st, 'int'), e.stages[st], stageMax, STAGE_COLOURS[st]);
      }))),
      card(T.amountsTitle, true, amountBlocks)
    ];
  }

  function renderFeasibility(g) {
    var f = g.feasibility;
    var feasMax = Math.max(1, f.projects || 0);
    var sectorTable = null;
    if (state.sector === null) {
      // One row per sector: the groups of this edition (or of all editions) with a sector.
      var rows = (DATA.sectors || []).map(function (sec) { return findGroup(state.edition, sec.id); }).filter(Boolean);
      sectorTable = card(T.bySector, true, rows.length ? h('div', { class: 'table-scroll' }, h('table', null,
        h('caption', { class: 'sr-only', text: T.bySector }),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col', text: T.sectorCol }),
          [T.projectsCol, T.feas.feasible, T.feas.unfeasible, T.feas.undecided, T.shareCol, T.winnersCol].map(function (c) {
            return h('th', { scope: 'col', class: 'num', text: c });
          }))),
        h('tbody', null, rows.map(function (sg) {
          // data-sector: these numbers belong to the group of that sector, not to the chosen one.
          function cell(path, kind) {
            var el = num(sg, path, kind);
            el.setAttribute('data-sector', sg.sector);
            return h('td', { class: 'num' }, el);
          }
          return h('tr', null, h('th', { scope: 'row', class: 'nowrap', text: sg.sector + ' · ' + sectorName(sg.sector) }),
            cell('feasibility.projects', 'int'), cell('feasibility.feasibility.feasible', 'int'),
            cell('feasibility.feasibility.unfeasible', 'int'), cell('feasibility.feasibility.undecided', 'int'),
            cell('feasibility.unfeasibleShare', 'share'), cell('execution.winners', 'int'));
        })))) : h('p', { class: 'note', text: T.noData }));
    }
    // The unfeasible projects' reasons: from the projects of the view (indicators.js leaves the
    // groups' lists out, they grow with the city); a site built before then has them in the group.
    var reasons;
    if (f.unfeasibleReasons) reasons = reasonList(f.unfeasibleReasons);
    else if (tooManyForAll()) reasons = h('p', { class: 'note', text: fillText(T.chooseEdition, { n: fmt('int', totalProjects()) }) });
    else if (missingFiles().length) reasons = h('p', { class: 'note', text: T.loading });
    else reasons = reasonList(selectedProjects().filter(function (p) { return p.feasibility === 'unfeasible'; }).map(function (p) {
      return { project: p.id, title: p.title, reason: p.unfeasibilityReason };
    }));
    return [
      card(T.feasProjects, false, num(g, 'feasibility.projects', 'int', 'big'), facts([
        [T.valFinished, num(g, 'feasibility.valuationFinished', 'int')],
        [T.valPending, num(g, 'feasibility.valuationPending', 'int')]
      ])),
      card(T.unfeasibleShare, false, num(g, 'feasibility.unfeasibleShare', 'share', 'big'),
        h('p', { class: 'note', text: T.unfeasibleShareNote })),
      card(T.feasTitle, 'span2', h('ul', { class: 'bars' }, FEAS.map(function (k) {
        return barRow(T.feas[k], num(g, 'feasibility.feasibility.' + k, 'int'), f.feasibility[k], feasMax, FEAS_COLOURS[k]);
      }))),
      sectorTable || card(T.bySector, true, h('p', { class: 'note', text: T.bySectorOne })),
      card(T.bySize, 'span2 no-stretch', h('div', { class: 'table-scroll' }, h('table', null,
        h('caption', { class: 'sr-only', text: T.bySize }),
        h('thead', null, h('tr', null, h('th', { scope: 'col', text: T.sizeCol }), FEAS.map(function (k) {
          return h('th', { scope: 'col', class: 'num', text: T.feas[k] });
        }))),
        h('tbody', null, SIZES.map(function (sz) {
          return h('tr', null, h('th', { scope: 'row', text: T.size[sz] }), FEAS.map(function (k) {
            return h('td', { class: 'num' }, num(g, 'feasibility.bySize.' + sz + '.' + k, 'int'));
          }));
        }))))),
      card(T.reasons, 'span2', reasons)
    ];
  }

  // The first few reasons in full; the rest behind a disclosure, so that a long list does not
  // stretch the board into a column of text beside empty space.
  function reasonList(reasons) {
    if (!reasons.length) return h('p', { class: 'note', text: T.noReasons });
    var SHOWN = 3;
    function items(list) {
      return h('ul', { class: 'reasons' }, list.map(function (r) {
        return h('li', null, h('strong', { text: r.title || r.project }), ' ', h('span', { class: 'code', text: '(' + r.project + ')' }),
          h('br'), r.reason || '—');
      }));
    }
    if (reasons.length <= SHOWN + 1) return items(reasons);
    return [items(reasons.slice(0, SHOWN)),
      h('details', { class: 'more' }, h('summary', { text: fillText(T.moreReasons, { n: fmt('int', reasons.length - SHOWN) }) }),
        items(reasons.slice(SHOWN)))];
  }

  function renderFollowUp(g) {
    var fu = g.followUp;
    var top = fu.suppliers.top;
    var q = fu.quality;
    var qualityFacts = facts([
      [T.qProcesses, num(g, 'followUp.quality.processes', 'int')],
      [T.withErrors, num(g, 'followUp.quality.withErrors', 'int')],
      [T.errors, num(g, 'followUp.quality.errors', 'int')],
      [T.warnings, num(g, 'followUp.quality.warnings', 'int')],
      [T.errorsPer, num(g, 'followUp.quality.errorsPerProcess', 'dec')],
      [T.warningsPer, num(g, 'followUp.quality.warningsPerProcess', 'dec')]
    ]);
    // "missing of N": N is the number of processes where the field applies.
    var missingRows = MISSING.filter(function (k) { return q.missing && q.missing[k]; }).map(function (k) {
      var base = 'followUp.quality.missing.' + k;
      return h('tr', null, h('th', { scope: 'row', text: T.field[k] || k }),
        h('td', { class: 'num' }, fill(T.missingOf, { missing: num(g, base + '.missing', 'int'), of: num(g, base + '.of', 'int') })));
    });
    var missingTable = h('div', { class: 'table-scroll' }, h('table', null, h('caption', { class: 'sr-only', text: T.missingTitle }),
      h('thead', null, h('tr', null, h('th', { scope: 'col', text: T.fieldCol }), h('th', { scope: 'col', class: 'num', text: T.missingCol }))),
      h('tbody', null, missingRows)));
    return [
      card(T.envTitle, false, facts([
        [T.envelope, money(g, 'followUp.envelope')],
        [T.winnersEstimated, money(g, 'followUp.winnersEstimated')]
      ], true), h('p', null, h('span', { class: 'big' }, num(g, 'followUp.envelopeUsed', 'share')), h('span', { class: 'note', text: T.envelopeUsed }))),
      card(T.directTitle, false, num(g, 'followUp.direct.share', 'share', 'big'),
        h('p', { class: 'note' }, fill(T.directNote, { n: num(g, 'followUp.direct.processes', 'int'), p: num(g, 'followUp.processes', 'int') }))),
      card(T.singleTitle, false, num(g, 'followUp.singleBidder.share', 'share', 'big'),
        h('p', { class: 'note' }, fill(T.singleNote, { single: num(g, 'followUp.singleBidder.single', 'int'), tenders: num(g, 'followUp.singleBidder.tenders', 'int') }))),
      card(T.suppliersTitle, false, num(g, 'followUp.suppliers.distinct', 'int', 'big'),
        top ? h('p', { class: 'note' }, T.top + ' ', h('strong', { text: top.name || top.id }), ': ',
          fill(T.topShare, { share: num(g, 'followUp.suppliers.top.share', 'share'), value: money(g, 'followUp.suppliers.top.value') }))
          : h('p', { class: 'note' }, valueEl('data-indicator', 'followUp.suppliers.top', null, 'int', null, 'sr-only'), T.noTop)),
      card(T.amendTitle, false, num(g, 'followUp.amendments.raisedValue', 'int', 'big'),
        h('p', { class: 'note' }, fill(T.amendNote, { n: num(g, 'followUp.amendments.contracts', 'int'), increase: money(g, 'followUp.amendments.increase') }))),
      suppliersTable(g),
      card(T.qualityTitle, false, qualityFacts),
      card(T.missingTitle, 'span2', missingTable)
    ];
  }

  // The suppliers with the most awarded value (followUp.suppliers.list): ten, then the rest behind a disclosure.
  function suppliersTable(g) {
    var list = g.followUp.suppliers.list || [];
    if (!list.length) return null;
    var SHOWN = 10;
    function table(from, to) {
      return h('div', { class: 'table-scroll' }, h('table', { class: 'suppliers' },
        h('caption', { class: 'sr-only', text: T.suppliersList }),
        h('thead', null, h('tr', null, [T.colSupplier, T.colAwarded, T.colAwardedShare, T.colSupplierProcesses].map(function (c, i) {
          return h('th', { scope: 'col', class: i ? 'num' : null, text: c });
        }))),
        h('tbody', null, list.slice(from, to).map(function (supplier, k) {
          var base = 'followUp.suppliers.list.' + (from + k);
          return h('tr', null,
            h('th', { scope: 'row' }, h('span', { text: supplier.name || supplier.id }), h('br'), h('span', { class: 'code', text: supplier.id })),
            h('td', { class: 'num' }, money(g, base + '.value')),
            h('td', { class: 'num' }, num(g, base + '.share', 'share')),
            h('td', { class: 'num' }, num(g, base + '.processes', 'int')));
        }))));
    }
    return card(T.suppliersList, true,
      h('p', { class: 'note' }, fill(T.suppliersNote, { n: fmt('int', list.length), total: num(g, 'followUp.suppliers.distinct', 'int') })),
      table(0, SHOWN),
      list.length > SHOWN ? h('details', { class: 'more' },
        h('summary', { text: fillText(T.moreSuppliers, { n: fmt('int', list.length - SHOWN) }) }), table(SHOWN, list.length)) : null);
  }

  // ---- the map: an inline SVG, equirectangular projection onto the points' bounding box -----------

  function renderMap(projects) {
    var winners = projects.filter(function (p) { return p.winner; });
    var located = winners.filter(function (p) { return p.location && isNum(p.location.lat) && isNum(p.location.lng); });
    if (!located.length) return [h('p', { class: 'note', text: T.mapEmpty })];
    // Zoomed into a group of points: only those, on a projection of their own.
    var zoom = null;
    if (state.mapArea) {
      var inArea = located.filter(function (p) { return state.mapArea[p.id]; });
      if (inArea.length) {
        located = inArea;
        zoom = h('p', { class: 'map-zoom' }, fillText(T.zoomed, { n: fmt('int', located.length) }), ' ',
          h('button', { type: 'button', class: 'zoom-out', onclick: function () {
            state.mapArea = null;
            replace('map', renderMap(selectedProjects()));
            document.getElementById('h-map').focus();
          } }, T.zoomOut));
      } else {
        state.mapArea = null;
      }
    }
    var note = h('p', { class: 'note' }, fillText(T.mapNote, { n: fmt('int', located.length), m: fmt('int', winners.length) }));
    var W = 640, pad = 36;
    var lats = located.map(function (p) { return p.location.lat; });
    var lngs = located.map(function (p) { return p.location.lng; });
    var minLat = Math.min.apply(null, lats), maxLat = Math.max.apply(null, lats);
    var minLng = Math.min.apply(null, lngs), maxLng = Math.max.apply(null, lngs);
    // Degrees of longitude shrink with latitude: scale x by cos(mean latitude) so shapes keep their proportions.
    var kx = Math.cos(((minLat + maxLat) / 2) * Math.PI / 180);
    var spanX = (maxLng - minLng) * kx, spanY = maxLat - minLat;
    // The height follows the shape of the area (within limits), so the points use the space.
    var H = spanX > 0 && spanY > 0 ? Math.round(Math.min(480, Math.max(280, (W - 2 * pad) * spanY / spanX + 2 * pad))) : 320;
    var scale = Math.min(spanX > 0 ? (W - 2 * pad) / spanX : Infinity, spanY > 0 ? (H - 2 * pad) / spanY : Infinity);
    if (!isFinite(scale)) scale = 1; // one point, or all at one place: it goes to the centre
    var offX = (W - spanX * scale) / 2, offY = (H - spanY * scale) / 2;
    function xy(p) { return [offX + (p.location.lng - minLng) * kx * scale, offY + (maxLat - p.location.lat) * scale]; }
    var clustered = located.length > CLUSTER_FROM;
    var detail = h('p', { class: 'map-detail', 'aria-live': 'polite' }, clustered ? T.clusterNote : T.mapHint);
    var grid = [];
    for (var i = 1; i < 4; i++) {
      grid.push(s('line', { class: 'grid', x1: (W * i) / 4, y1: 0, x2: (W * i) / 4, y2: H }));
      grid.push(s('line', { class: 'grid', x1: 0, y1: (H * i) / 4, x2: W, y2: (H * i) / 4 }));
    }
    var r = located.length > 30 ? 7.5 : 10;
    function point(p) {
      var c = xy(p);
      var label = p.title + ' — ' + (T.stage[p.stage] || p.stage || '') + (isNum(p.progress) ? ' · ' + fmt('pct', p.progress) : '');
      function show() { detail.textContent = label; }
      // An SVG link: focusable and activated with Enter; it leads to the project's row in the table.
      return s('a', { class: 'pt', href: '#p-' + p.id, 'aria-label': label, 'data-project': p.id,
        onfocus: show, onmouseenter: show, onclick: function (ev) { ev.preventDefault(); goToRow(p.id); } },
      s('title', { text: label }),
      s('circle', { class: 'dot', cx: c[0].toFixed(1), cy: c[1].toFixed(1), r: r, fill: STAGE_COLOURS[p.stage] || '#6b6b6b' }),
      s('circle', { class: 'ring', cx: c[0].toFixed(1), cy: c[1].toFixed(1), r: r + 5 }));
    }
    var items;
    if (!clustered) {
      // Points in the order of the stages, then of ids: later stages are drawn over earlier ones
      // (few cancelled or awarded points stay visible among many in planning), and Tab follows the legend.
      items = located.slice().sort(function (a, b) {
        return STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      }).map(point);
    } else {
      // Thousands of points would hide each other and take thousands of Tab presses: points in one
      // cell of a grid become one group, drawn with its count; Tab goes through the groups row by row.
      var CELL = 44, cells = {};
      located.forEach(function (p) {
        var c = xy(p), key = Math.floor(c[1] / CELL) * 1000 + Math.floor(c[0] / CELL);
        (cells[key] = cells[key] || []).push({ p: p, c: c });
      });
      items = Object.keys(cells).map(Number).sort(function (a, b) { return a - b; }).map(function (key) {
        var members = cells[key];
        if (members.length === 1) return point(members[0].p);
        var cx = members.reduce(function (t, m) { return t + m.c[0]; }, 0) / members.length;
        var cy = members.reduce(function (t, m) { return t + m.c[1]; }, 0) / members.length;
        var counts = {};
        members.forEach(function (m) { counts[m.p.stage] = (counts[m.p.stage] || 0) + 1; });
        var stages = STAGES.filter(function (st) { return counts[st]; }).map(function (st) { return T.stage[st] + ': ' + fmt('int', counts[st]); }).join(', ');
        var label = fillText(T.clusterLabel, { n: fmt('int', members.length), stages: stages });
        function show() { detail.textContent = label; }
        var radius = Math.min(24, 10 + 3 * Math.log(members.length) / Math.LN2);
        return s('a', { class: 'cluster', href: '#map', 'aria-label': label, 'data-projects': members.length,
          onfocus: show, onmouseenter: show, onclick: function (ev) {
            ev.preventDefault();
            state.mapArea = {};
            members.forEach(function (m) { state.mapArea[m.p.id] = true; });
            replace('map', renderMap(selectedProjects()));
            var first = document.querySelector('#map svg a');
            if (first) first.focus();
          } },
        s('title', { text: label }),
        s('circle', { class: 'bubble', cx: cx.toFixed(1), cy: cy.toFixed(1), r: radius.toFixed(1) }),
        s('text', { class: 'count', x: cx.toFixed(1), y: cy.toFixed(1), 'text-anchor': 'middle', 'dominant-baseline': 'central', 'aria-hidden': 'true' },
          String(members.length)));
      });
    }
    var svg = s('svg', { class: 'map-svg', viewBox: '0 0 ' + W + ' ' + H, role: 'group', 'aria-label': T.mapLabel },
      s('rect', { x: 0, y: 0, width: W, height: H, fill: 'none' }), grid,
      s('text', { x: W - 14, y: 20, 'text-anchor': 'middle', 'font-size': 16, 'font-weight': 700, fill: '#1a1a1a', 'aria-hidden': 'true' }, T.north),
      s('path', { d: 'M' + (W - 14) + ' 24 l-6 12 h12 z', fill: '#1a1a1a', 'aria-hidden': 'true' }),
      items);
    var counts = {};
    located.forEach(function (p) { counts[p.stage] = (counts[p.stage] || 0) + 1; });
    var legend = h('div', null, h('h3', { text: T.legend }), h('ul', { class: 'legend' }, STAGES.map(function (st) {
      return h('li', null, h('span', { class: 'swatch', style: 'background:' + STAGE_COLOURS[st], 'aria-hidden': 'true' }),
        T.stage[st] + ' (' + fmt('int', counts[st] || 0) + ')');
    })));
    // Keyboard users can pass the map by: the first stop in it leads on to the table.
    var skip = h('a', { class: 'skip-link', href: '#projects', text: T.skipMap });
    return [skip, zoom, h('div', { class: 'map-wrap' }, h('div', null, svg, detail), legend), note];
  }

  function goToRow(id) {
    var row = document.getElementById('p-' + id);
    if (!row) { // beyond the rows drawn so far: draw up to its page
      var at = tableRows(selectedProjects()).map(function (p) { return p.id; }).indexOf(id);
      if (at < 0) return;
      state.rowsShown = (Math.floor(at / ROWS_PAGE) + 1) * ROWS_PAGE;
      render();
      row = document.getElementById('p-' + id);
      if (!row) return;
    }
    row.scrollIntoView({ block: 'center' });
    row.focus({ preventScroll: true });
    row.classList.add('flash');
    setTimeout(function () { row.classList.remove('flash'); }, 1500);
  }

  // ---- the table of the winning projects -------------------------------------------------------

  var SORTS = {
    title: function (p) { return (p.title || '').toLocaleLowerCase(); },
    stage: function (p) { return STAGES.indexOf(p.stage); },
    progress: function (p) { return isNum(p.progress) ? p.progress : -1; },
    estimated: function (p) { return firstAmount(p.estimated); },
    contracted: function (p) { return firstAmount(p.contracted); },
    paid: function (p) { return firstAmount(p.paid); }
  };
  function firstAmount(o) { var k = Object.keys(o || {})[0]; return k ? o[k] : -1; }

  // The winners in the table's order; with a search, every project that matches it.
  function tableRows(projects) {
    var rows = projects.filter(function (p) { return state.query ? matches(p, state.query) : p.winner; });
    if (state.sortKey && SORTS[state.sortKey]) {
      var key = SORTS[state.sortKey];
      rows = rows.slice().sort(function (a, b) {
        var x = key(a), y = key(b);
        return (x < y ? -1 : x > y ? 1 : 0) * state.sortDir;
      });
    }
    return rows;
  }

  function renderProjects(projects) {
    var rows = tableRows(projects);
    function th(label, sortKey, numeric) {
      if (!sortKey) return h('th', { scope: 'col', class: numeric ? 'num plain' : 'plain', text: label });
      var sorted = state.sortKey === sortKey;
      return h('th', { scope: 'col', class: numeric ? 'num' : null, 'aria-sort': sorted ? (state.sortDir > 0 ? 'ascending' : 'descending') : null },
        h('button', { type: 'button', onclick: function () {
          state.sortDir = state.sortKey === sortKey ? -state.sortDir : 1;
          state.sortKey = sortKey;
          render();
          var again = document.querySelector('[data-sort="' + sortKey + '"]');
          if (again) again.focus();
        }, 'data-sort': sortKey }, label, sorted ? (state.sortDir > 0 ? ' ▲' : ' ▼') : ''));
    }
    function pv(p, field, kind, currency, cls) {
      return valueEl('data-field', field, get(p, field), kind, currency, cls);
    }
    function moneyCell(p, k) {
      var o = p[k] || {};
      var curs = Object.keys(o);
      return h('td', { class: 'num', 'data-label': T.amount[k] }, curs.length ? curs.map(function (c) { return pv(p, k + '.' + c, 'money', c, 'money'); })
        : valueEl('data-field', k, o, 'money'));
    }
    var shown = rows.slice(0, state.rowsShown);
    var body = shown.map(function (p) {
      var progress = isNum(p.progress) ? Math.max(0, Math.min(100, p.progress)) : null;
      return h('tr', { id: 'p-' + p.id, 'data-project': p.id, tabindex: '-1' },
        h('td', null,
          p.url ? h('a', { href: p.url, text: p.title }) : h('span', { text: p.title }),
          h('br'), h('span', { class: 'code', text: (p.code || p.id) + (p.edition ? ' · ' + editionName(p.edition) : '') }),
          p.record ? [h('br'), h('a', { href: '../' + p.record, class: 'code', 'data-link': 'record', text: T.projectRecord })] : null),
        h('td', { 'data-label': T.colSector, text: p.sector ? p.sector + ' · ' + sectorName(p.sector) : '—' }),
        h('td', { class: 'stage', 'data-label': T.colStage }, h('span', { class: 'swatch', style: 'background:' + (STAGE_COLOURS[p.stage] || '#6b6b6b'), 'aria-hidden': 'true' }), ' ',
          h('span', { 'data-field': 'stage', 'data-value': JSON.stringify(p.stage === undefined ? null : p.stage), text: T.stage[p.stage] || p.stage || '—' })),
        h('td', { 'data-label': T.colProgress }, progress === null ? pv(p, 'progress', 'pct') : h('div', { class: 'progress' },
          h('div', { class: 'progress-track', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': progress,
            'aria-label': fillText(T.progressLabel, { title: p.title }) },
          h('span', { class: 'progress-fill', style: 'width:' + progress + '%' })),
          pv(p, 'progress', 'pct'))),
        moneyCell(p, 'estimated'), moneyCell(p, 'contracted'), moneyCell(p, 'paid'),
        h('td', { 'data-label': T.colProcesses }, (p.processes || []).length ? h('ul', { class: 'proc' }, p.processes.map(function (pr) {
          var name = pr.title || pr.ocid;
          return h('li', null,
            h('span', { text: name }), pr.method ? h('span', { class: 'code', text: ' (' + (T.method[pr.method] || pr.method) + ')' }) : null,
            h('br'),
            pr.record ? h('a', { href: '../' + pr.record, 'data-link': 'record', 'aria-label': fillText(T.recordLabel, { title: name }), text: T.record }) : null,
            (pr.releases || []).length ? h('span', { class: 'rel' }, ' · ' + T.releases + ' ', pr.releases.map(function (r, i) {
              return [h('a', { href: '../' + r, 'data-link': 'release', 'aria-label': fillText(T.releaseLabel, { n: i + 1, title: name }), text: String(i + 1) }), ' '];
            })) : null);
        })) : h('span', { class: 'note', text: T.noProcesses })));
    });
    var table = h('table', { class: 'projects-table' },
      h('caption', { class: 'sr-only' }, (state.query ? T.searchCaption : T.tableCaption) + '. ' + T.sortHint),
      h('thead', null, h('tr', null,
        th(T.colProject, 'title'), th(T.colSector), th(T.colStage, 'stage'), th(T.colProgress, 'progress'),
        th(T.amount.estimated, 'estimated', true), th(T.amount.contracted, 'contracted', true), th(T.amount.paid, 'paid', true),
        th(T.colProcesses))),
      h('tbody', null, body));
    keepTableRoles(table);
    var more = rows.length > shown.length ? h('p', null, h('button', { type: 'button', class: 'more-rows', onclick: function () {
      state.rowsShown += ROWS_PAGE;
      render();
      var next = document.querySelectorAll('#projects tbody tr[data-project]')[shown.length];
      if (next) next.focus();
    } }, fillText(T.moreRows, { n: fmt('int', Math.min(ROWS_PAGE, rows.length - shown.length)),
      shown: fmt('int', shown.length), total: fmt('int', rows.length) }))) : null;
    var found = state.query ? h('p', { class: 'search-results', role: 'status' }, rows.length
      ? fillText(T.searchResults, { q: state.query, n: fmt('int', rows.length), w: fmt('int', rows.filter(function (p) { return p.winner; }).length) })
      : fillText(T.noMatch, { q: state.query })) : null;
    return [found, rows.length ? h('div', { class: 'table-scroll' }, table)
      : state.query ? null : h('p', { class: 'note', text: T.noWinners }), more];
  }

  // On a phone the table is laid out as blocks (CSS), and a block layout drops a table's meaning
  // for screen readers in some browsers: explicit roles keep it.
  function keepTableRoles(table) {
    var roles = { TABLE: 'table', THEAD: 'rowgroup', TBODY: 'rowgroup', TR: 'row', TD: 'cell' };
    [table].concat(Array.prototype.slice.call(table.querySelectorAll('thead, tbody, tr, th, td'))).forEach(function (el) {
      el.setAttribute('role', el.tagName === 'TH' ? (el.getAttribute('scope') === 'row' ? 'rowheader' : 'columnheader') : roles[el.tagName]);
    });
  }

  // ---- page ------------------------------------------------------------------------------------

  // Dates in the city's time zone (indicators.js says which), as its people read them.
  function timeZone() { return SITE.timeZone || 'UTC'; }
  function zoneName() { return timeZone() === 'UTC' ? 'UTC' : timeZone().split('/').pop().replace(/_/g, ' '); }
  function formatDate(iso, withTime) {
    var d = new Date(iso);
    if (!iso || isNaN(d.getTime())) return iso || '—';
    var opts = withTime ? { dateStyle: 'long', timeStyle: 'short', timeZone: timeZone() } : { dateStyle: 'long', timeZone: timeZone() };
    return new Intl.DateTimeFormat(T.locale, opts).format(d);
  }
  function asOfLine(template) {
    return fill(template, { date: h('time', { datetime: DATA.asOf, text: formatDate(DATA.asOf, true) }), zone: zoneName() });
  }

  function renderFooter() {
    return [
      h('p', null, asOfLine(T.asOf)),
      h('p', null, h('a', { href: '../index.html', text: T.downloads }), ' · ', h('a', { href: 'indicators.json', text: T.json }))
    ];
  }

  function fillSelect(select, allLabel, items, current, label) {
    select.textContent = '';
    select.appendChild(h('option', { value: '', text: allLabel }));
    items.forEach(function (it) {
      select.appendChild(h('option', { value: it.id, text: label(it) }));
    });
    select.value = current === null ? '' : current;
  }

  function replace(name, nodes) {
    var box = document.querySelector('[data-render="' + name + '"]');
    box.textContent = '';
    appendAll(box, nodes);
  }

  function render() {
    T = TEXT[state.lang];
    document.documentElement.lang = state.lang;
    document.title = T.title;
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (el) {
      el.textContent = T[el.getAttribute('data-i18n')];
    });
    fillSelect(document.getElementById('f-edition'), T.allEditions, DATA.editions || [], state.edition,
      function (e) { return e.name || e.id; });
    fillSelect(document.getElementById('f-sector'), T.allSectors, DATA.sectors || [], state.sector,
      function (x) { return x.id + ' · ' + (x.name || ''); });
    var langButton = document.getElementById('f-lang');
    langButton.textContent = T.otherName;
    langButton.setAttribute('lang', T.other);

    var found = findGroup(state.edition, state.sector);
    var g = found || emptyGroup(state.edition, state.sector);
    var projects = selectedProjects();
    var status = document.getElementById('status');
    status.className = 'status' + (found ? '' : ' empty');
    status.textContent = '';
    appendAll(status, fill(T.showing, {
      edition: state.edition === null ? T.allEditions : editionName(state.edition),
      sector: state.sector === null ? T.allSectors : state.sector + ' · ' + sectorName(state.sector),
      projects: num(g, 'feasibility.projects', 'int'),
      winners: num(g, 'execution.winners', 'int')
    }));
    if (!found) appendAll(status, [' ', T.empty]);

    var title = document.getElementById('title');
    title.textContent = SITE.city ? fillText(T.titleCity, { city: SITE.city }) : T.title;
    document.title = title.textContent;
    replace('asof', asOfLine(T.asOfTop));
    replace('execution', renderExecution(g));
    replace('feasibility', renderFeasibility(g));
    replace('followUp', renderFollowUp(g));
    replace('footer', renderFooter());
    var search = document.getElementById('f-search');
    search.disabled = tooManyForAll();
    var missing = missingFiles();
    if (tooManyForAll()) {
      var choose = fillText(T.chooseEdition, { n: fmt('int', totalProjects()) });
      replace('map', [h('p', { class: 'note', text: choose })]);
      replace('projects', [h('p', { class: 'note', text: choose })]);
    } else if (missing.length) {
      // The boards are drawn; the map and the table wait for their projects, then all is drawn again.
      document.body.setAttribute('data-ready', 'false');
      replace('map', [h('p', { class: 'note', role: 'status', text: T.loading })]);
      replace('projects', [h('p', { class: 'note', text: T.loading })]);
      loadFiles(missing, render);
      return;
    } else {
      var failed = neededFiles().filter(function (f) { return failedFiles[f.file]; });
      var errors = failed.map(function (f) { return h('p', { class: 'notice', role: 'alert', text: fillText(T.loadError, { file: f.file }) }); });
      replace('map', errors.concat(renderMap(projects)));
      replace('projects', renderProjects(projects));
    }
    markScrollers();
    document.body.setAttribute('data-ready', 'true');
  }

  // Tables scroll inside their own box on a phone. A box that does scroll is a named region that
  // takes focus, so a keyboard can scroll it too; one that does not scroll stays out of the Tab order.
  function markScrollers() {
    Array.prototype.forEach.call(document.querySelectorAll('.table-scroll'), function (box) {
      var caption = box.querySelector('caption');
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', caption ? caption.textContent : '');
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute('tabindex', '0');
      else box.removeAttribute('tabindex');
    });
  }

  function start() {
    if (!DATA || !Array.isArray(DATA.groups)) {
      var main = document.getElementById('main');
      main.insertBefore(h('p', { class: 'notice', role: 'alert', text: TEXT.es.noDataFile + ' / ' + TEXT.en.noDataFile }), main.firstChild);
      return;
    }
    readHash();
    document.getElementById('f-edition').addEventListener('change', function (ev) {
      state.edition = ev.target.value || null; state.rowsShown = ROWS_PAGE; state.mapArea = null; writeHash(); render();
    });
    document.getElementById('f-sector').addEventListener('change', function (ev) {
      state.sector = ev.target.value || null; state.rowsShown = ROWS_PAGE; state.mapArea = null; writeHash(); render();
    });
    document.getElementById('f-lang').addEventListener('click', function () {
      state.lang = state.lang === 'es' ? 'en' : 'es'; writeHash(); render();
      document.getElementById('f-lang').focus();
    });
    document.getElementById('filters').addEventListener('submit', function (ev) { ev.preventDefault(); });
    // The search redraws the table only, so the box keeps its focus while one types.
    var searching = null;
    document.getElementById('f-search').addEventListener('input', function (ev) {
      clearTimeout(searching);
      searching = setTimeout(function () {
        state.query = ev.target.value.trim();
        state.rowsShown = ROWS_PAGE;
        replace('projects', renderProjects(selectedProjects()));
        markScrollers();
      }, 150);
    });
    // In-page links (the contents list) move focus without replacing the filters in the address.
    document.addEventListener('click', function (ev) {
      var a = ev.target.closest && ev.target.closest('a[href^="#"]');
      if (!a || a.closest('svg')) return;
      var target = document.getElementById(a.getAttribute('href').slice(1));
      if (!target) return;
      ev.preventDefault();
      target.scrollIntoView();
      target.focus({ preventScroll: true });
    });
    var pending = false;
    window.addEventListener('resize', function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; markScrollers(); });
    });
    window.addEventListener('hashchange', function () {
      if (!isStateHash()) return;
      readHash(); render();
    });
    render();
  }

  start();
})();
