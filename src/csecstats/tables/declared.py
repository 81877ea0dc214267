"""Every processed table declared once: its columns, their types, descriptions and checks.

The column lists the library builds, the pandera schemas the build validates every
table with (``tables.schema``) and ``datapackage.json`` (``tables.datapackage``) are
all generated from ``TABLES``. A new table is one more ``Table`` (``tables.table``) here;
a table or column without a description fails the build (``declaration_problems``).

Column types are Frictionless types: string, number, integer, boolean, date (text
written YYYY-MM-DD). ``isin`` names a closed vocabulary the build supplies (grades,
qualifiers, methods...), so the code list is kept where it is defined, once.
Rules that need a whole row (``rules``) are defined in ``tables.schema``.
"""
from __future__ import annotations

from ..inputs.errors import Problem
from ..register.caveats import PRIORITIES
from .table import TYPES, Column, Table

# Where an external row was published, shared by both external tables, declared once.
EXTERNAL_PUBLICATION = (
    Column('source', 'string', 'Where it was published.'),
    Column('published', 'string', 'Publication date (YYYY or YYYY-MM-DD); empty when unknown.', nullable=True),
    Column('url', 'string', 'Address of the publication (without scheme).'),
    Column('quote', 'string', 'The words of the publication the number rests on, verbatim.'),
)

# Lineage columns of both external tables (data/raw/external_rows.yml), declared once.
EXTERNAL_LINEAGE = (
    Column('origin_id', 'string', 'The study or count the number ultimately rests on (origins.csv); repeats of one origin are never corroboration.'),
    Column('qualifier', 'string', "How the publication words the number: exact, approximate, lower_bound, upper_bound, range, or derived (computed by the table's compiler, never stated by a publisher); declared in data/raw/external_rows.yml, never guessed from the text.", isin='external_qualifiers'),
    Column('method', 'string', 'How the number was made (data/raw/external_rows.yml methods): administrative_count, direct_count, model_extrapolation, venue_survey, method_not_described, circulated_claim, derived_sum.'),
    Column('definition', 'string', 'What exactly is counted, from the controlled vocabulary in data/raw/definitions.yml; numbers with different definitions are never compared as one quantity.'),
    Column('measures', 'string', 'prevalence (how many people are in a situation), detection (what enforcement found: never prevalence) or activity (what was done).', isin='measures'),
    Column('account', 'string', "press (a newspaper's account of someone else's number: a secondary account), secondary (another body's summary of it, e.g. an embassy's report citing a study) or official (the producer's own text)."),
    Column('evidence_grade', 'string', 'A-D (grades.csv) from the declared method and account: a press account is C at best.', isin='grades'),
    Column('grade_reason', 'string', 'Why the row has its grade.'),
    Column('lineage_note', 'string', "The curator's one-line note on the row's lineage (data/raw/external_rows.yml)."),
)

TABLES: dict[str, Table] = {t.name: t for t in (
    Table('figures', 'Figures in the report',
          'Every quantitative figure in the 2004 report, parsed from its own words.',
          key='figure_id', rules=('has_a_number', 'low_le_value_le_high', 'shares_in_unit_interval',
                                  'counts_whole_and_non_negative', 'enforcement_is_never_prevalence'), foreign_keys=(('source_id', 'sources', 'source_id'), ('origin_id', 'origins', 'origin_id'), ('definition', 'definitions', 'definition')),
          columns=(
        Column('figure_id', 'string', 'Stable identifier of the figure (register entry id).'),
        Column('topic', 'string', 'Topic of the indicator (vocabulary.yml).'),
        Column('indicator', 'string', 'What is counted, from the documented vocabulary (vocabulary.yml).'),
        Column('value', 'number', "The value the report states, parsed from the phrase; empty for a range or a declared reading with no central value ('nearly cut in half', 'thousands of'). Shares are fractions in [0, 1]. Estimates use this reading (value, low, high) unless their declaration says why not.", nullable=True),
        Column('low', 'number', "Lower end of the reading: equals value for an exact count; for a printed share or an approximate round count, the low end of its rounding (66% -> 0.655; about 2,000 -> 1,500); empty when the phrase implies none.", nullable=True),
        Column('high', 'number', "Upper end of the reading, likewise (66% -> 0.665; 'nearly cut in half' -> 0.6); empty when the phrase implies none (a lower bound such as 'over 14, 000' or 'thousands of').", nullable=True),
        Column('unit', 'string', 'Unit of value, low and high (vocabulary.yml).'),
        Column('period_start', 'date', 'First day of the period the figure refers to; empty when the report gives none.', nullable=True),
        Column('period_end', 'date', 'Last day of the period the figure refers to; empty when the report gives none.', nullable=True),
        Column('period_basis', 'string', 'stated (the report gives the period), inferred (derived from context, see caveat) or none.'),
        Column('geography', 'string', 'Place the figure refers to.'),
        Column('qualifier', 'string', 'exact, approximate, lower_bound, upper_bound, range or relative, read from the phrase.', isin='qualifiers'),
        Column('kind', 'string', 'count, share (fraction) or ratio (relative change after/before).', isin='kinds'),
        Column('source_id', 'string', 'Source the figure rests on (sources.csv); report_2004 when the report cites nothing.'),
        Column('origin_id', 'string', 'The study or count the number ultimately rests on (origins.csv); repeats of one origin are never corroboration.'),
        Column('definition', 'string', 'What exactly is counted, from the controlled vocabulary in data/raw/definitions.yml; numbers with different definitions are never compared as one quantity.'),
        Column('measures', 'string', 'prevalence (how many people are in a situation), detection (what enforcement found: never prevalence) or activity (what was done).', isin='measures'),
        Column('footnote', 'integer', 'Report footnote that supports the figure; empty when none.', nullable=True),
        Column('section', 'string', 'Report section the quote stands in (I, II.C, II.D.2, ...).'),
        Column('actor', 'string', 'Organisation that carried out the activity counted, where the report names one.', nullable=True),
        Column('phrase', 'string', 'The number phrase, verbatim, that value, low and high are parsed from.'),
        Column('quote', 'string', 'The sentence of the report holding the phrase, verbatim (checked against the report text).'),
        Column('caveat', 'string', "Caveats a reader must know, in rank order (most important first), separated by ' | '.", nullable=True),
        Column('caveat_priority', 'string', "Priority of each caveat, in the same order, separated by ' | ': reading, qualifies or provenance (caveats.csv).", nullable=True),
        Column('evidence_grade', 'string', 'A administrative count, B field count or survey, C expert or secondary estimate, D derived from qualitative wording (grades.csv; reasons in figure_grades.csv).', isin='grades'),
    )),
    Table('sources', 'Sources cited by the report',
          'Every work the report cites, with its footnote numbers.',
          key='source_id', columns=(
        Column('source_id', 'string', 'Identifier used by figures.source_id.'),
        Column('author', 'string', 'Author or issuing body.'),
        Column('year', 'integer', 'Year of publication.'),
        Column('title', 'string', 'Title of the work.', nullable=True),
        Column('kind', 'string', 'Kind of work (government_report, survey, database, field_study, ...).'),
        Column('footnotes', 'string', 'Report footnote numbers citing the work, separated by spaces.'),
        Column('citation', 'string', 'The citation as the report prints it, verbatim.'),
    )),
    Table('checks', "The report's own arithmetic",
          'Parts against wholes and stated counts against named lists.',
          key='check_id', columns=(
        Column('check_id', 'string', 'Identifier of the rule.'),
        Column('rule', 'string', 'Kind of rule.'),
        Column('description', 'string', 'What the rule asserts.'),
        Column('figure_ids', 'string', 'Figures the rule uses, separated by spaces.'),
        Column('lhs', 'number', 'Left-hand side (the part, the sum of shares, or the stated count).'),
        Column('rhs', 'number', 'Right-hand side (the whole, 1, or the number of names listed).'),
        Column('residual', 'number', 'rhs minus lhs (for shares: the share not accounted for).'),
        Column('passed', 'boolean', "Whether the report's arithmetic holds."),
        Column('note', 'string', 'Residual stated in words, or the names counted.'),
    )),
    Table('grades', 'Evidence-grade rubric',
          'The grades used in figures.csv, figure_grades.csv and estimates.csv.',
          key='grade', columns=(
        Column('grade', 'string', 'Grade code, A (best) to D.'),
        Column('label', 'string', 'Short name of the grade.'),
        Column('definition', 'string', 'What evidence earns the grade.'),
    )),
    Table('figure_grades', 'Evidence grade of every figure',
          'Grade A-D from the rubric (grades.csv) for each figure in figures.csv, with the reason.',
          key='figure_id', foreign_keys=(('figure_id', 'figures', 'figure_id'),),
          columns=(
        Column('figure_id', 'string', 'Figure (figures.csv).'),
        Column('evidence_grade', 'string', 'A administrative count, B field count or survey, C expert or secondary estimate, D derived from qualitative wording.', isin='grades'),
        Column('grade_label', 'string', "The grade's label in the rubric."),
        Column('grade_reason', 'string', 'Why the figure has this grade (source kind and wording).'),
    )),
    Table('estimates', "Caveated estimates for the report's background section",
          'Each declared estimate (data/raw/estimates.yml): central value, interval, method, inputs, assumptions, evidence grade and caveat; one row per scenario.',
          rules=('low_le_high',), foreign_keys=(('definition', 'definitions', 'definition'),),
          columns=(
        Column('estimate_id', 'string', 'Identifier of the declared estimate.'),
        Column('scenario', 'string', 'Which reading or base the row applies (empty when the estimate has one).', nullable=True),
        Column('quantity', 'string', 'What is estimated, in words.'),
        Column('value', 'number', 'Central value: for monte_carlo the median of the draws (one rule for every estimate); otherwise the formula or the published figure; empty for a range.', nullable=True),
        Column('low', 'number', 'Lower end of the interval at the stated level (empty when no interval can be derived).', nullable=True),
        Column('high', 'number', 'Upper end of the interval at the stated level (empty when no interval can be derived).', nullable=True),
        Column('level', 'number', 'Interval level (0.95 = 95%); empty where there is no interval (deterministic, as published, a range of readings, or a reading with no declared uncertainty).', nullable=True),
        Column('design_effect', 'number', 'The design effect the Wilson or Poisson interval is computed with (Kish effective sample: units / design_effect; 1 = independent units); empty for other methods.', nullable=True),
        Column('design_effect_note', 'string', 'Why that design effect, or why none applies (the interval is not sampling error of clustered units).'),
        Column('unit', 'string', 'persons, share (fraction) or ratio (per confirmed case).'),
        Column('period_start', 'date', 'First day of the period; empty when the report gives none.', nullable=True),
        Column('period_end', 'date', 'Last day of the period; empty when the report gives none.', nullable=True),
        Column('geography', 'string', 'Place the estimate refers to.'),
        Column('definition', 'string', 'What exactly is counted, from the controlled vocabulary in data/raw/definitions.yml; numbers with different definitions are never compared as one quantity.'),
        Column('measures', 'string', 'prevalence (how many people are in a situation), detection (what enforcement found: never prevalence) or activity (what was done).', isin='measures'),
        Column('method', 'string', 'monte_carlo, deterministic, wilson (score interval), poisson_exact (Garwood), range or as_published.', isin='methods'),
        Column('inputs', 'string', 'Figure ids (figures.csv) and external ids the estimate uses, separated by spaces.'),
        Column('origin_ids', 'string', 'The origins (origins.csv) of every input, separated by spaces.'),
        Column('accounts', 'string', "The accounts every input is known from (the report citing a source, or the publication of an external row), separated by '; '."),
        Column('assumptions', 'string', "Each assumption as name ~ distribution(parameters), separated by ' | '; see assumptions.csv.", nullable=True),
        Column('central_rule', 'string', "For monte_carlo: how the value is chosen ('median of the draws'); empty otherwise.", nullable=True),
        Column('plain_reading', 'number', 'For monte_carlo: the formula with every assumption at its central point (the printed figures read as they stand).', nullable=True),
        Column('plain_reading_percentile', 'number', 'For monte_carlo: the percentile of the draws the plain reading falls at, 0-100 like every percentile the project gives (7 = the 7th percentile).', nullable=True),
        Column('shown', 'string', 'The estimate as readers see it: people rounded to the precision the interval supports (never 3,651.2), shares in whole percent, ratios to two decimals.'),
        Column('evidence_grade', 'string', 'A-D (grades.csv); never better than the weakest input.', isin='grades'),
        Column('caveat', 'string', "What a reader must know before quoting the number: caveats in rank order, separated by ' | '."),
        Column('caveat_priority', 'string', "Priority of each caveat, in the same order, separated by ' | ': reading, qualifies or provenance (caveats.csv)."),
        Column('draws', 'integer', 'Monte Carlo draws (0 when the interval is exact or none is given).'),
    )),
    Table('assumptions', 'Assumptions behind the estimates',
          'One row per assumption, with its distribution and reason.',
          columns=(
        Column('estimate_id', 'string', 'Estimate (estimates.csv).'),
        Column('scenario', 'string', 'Scenario of the estimate, when it has several.', nullable=True),
        Column('assumption', 'string', 'Name of the assumption as used in the formula.'),
        Column('distribution', 'string', 'fixed, uniform, triangular or rounded (uniform within half a step of a printed value).', isin='distributions'),
        Column('parameters', 'string', "Parameters as declared; a figure id stands for that figure's value (.low/.high for its bounds)."),
        Column('low_end', 'number', 'Lowest value the assumption can take.'),
        Column('central', 'number', 'Value used for the central estimate.'),
        Column('high_end', 'number', 'Highest value the assumption can take.'),
        Column('effect', 'string', 'Declared direction: raising the assumption increases or decreases the estimate.', nullable=True, isin='effects'),
        Column('reason', 'string', 'Why the assumption is made, in one line.'),
    )),
    Table('sensitivity', 'Sensitivity of each estimate to each assumption',
          'Tornado-chart data, measured from the value shown: the estimate with one assumption alone pinned at its low and high end (for Monte Carlo, the median of the draws with the others drawn).',
          columns=(
        Column('estimate_id', 'string', 'Estimate (estimates.csv).'),
        Column('scenario', 'string', 'Scenario of the estimate, when it has several.', nullable=True),
        Column('assumption', 'string', 'The assumption moved.'),
        Column('assumption_low', 'number', 'Low end the assumption is set to.'),
        Column('assumption_high', 'number', 'High end the assumption is set to.'),
        Column('value', 'number', 'The value shown in estimates.csv: the median of the draws for Monte Carlo, else the formula at the central points.', nullable=True),
        Column('value_at_low', 'number', 'The value with this assumption pinned at its low end (Monte Carlo: median of the draws, the others drawn; otherwise the others central).'),
        Column('value_at_high', 'number', 'The value with this assumption pinned at its high end (as for value_at_low).'),
        Column('swing', 'number', "Absolute difference between the two, in the estimate's unit (persons for counts of people); rows are sorted by it within an estimate."),
        Column('swing_percent', 'number', 'The swing as a fraction of the value shown (0.1 = 10%): read it beside the swing in persons, since a large share of a small number moves few people.', nullable=True),
        Column('effect', 'string', 'increases or decreases: the direction the estimate moves as the assumption rises.', isin='effects'),
    )),
    Table('triangulation', 'Every published value for each quantity, side by side',
          "Report figures, this project's readings and external figures for sex workers, trafficked sex workers, police cases, arrests and rescues; rows of one quantity, definition, place and year compared, each with a status (agree, overlap, disagree, dependent, same_origin).",
          columns=(
        Column('quantity', 'string', 'The quantity compared (sex_workers_phnom_penh, sex_workers_cambodia, trafficked_sex_workers, police_cases, arrests, victims_rescued; from the TIP reports also prosecutions, convictions, victims_identified, tip_arrests).'),
        Column('indicator', 'string', "What the row's table calls the number (rows are compared by definition, not by this name)."),
        Column('year', 'integer', 'Reference year (the year the period ends); empty when no period is given.', nullable=True),
        Column('period_start', 'date', 'First day of the period.', nullable=True),
        Column('period_end', 'date', 'Last day of the period.', nullable=True),
        Column('period_kind', 'string', 'calendar_year, part_year, non_calendar_year, stated_period (report, not a calendar year) or none.'),
        Column('geography', 'string', 'Place the value refers to.'),
        Column('origin', 'string', 'report, report (estimate: estimates.csv, compared as declared in triangulation.yml), external or external (TIP) (tip_enforcement.csv).'),
        Column('record_id', 'string', 'figure_id (figures.csv), estimate_id (estimates.csv), external_id (external tables) or tip_id (tip_enforcement.csv).'),
        Column('value', 'number', 'The published value (empty for a range).', nullable=True),
        Column('low', 'number', 'Lower end of its span: a published bound, the rounding of an approximate value, or an interval.', nullable=True),
        Column('high', 'number', 'Upper end of its span, likewise; empty for a lower bound (open above).', nullable=True),
        Column('unit', 'string', 'persons or cases.'),
        Column('qualifier', 'string', 'exact, approximate, lower_bound, upper_bound, range, relative, or derived (computed, never stated).'),
        Column('source', 'string', 'Who published it (for the report: the work it cites).'),
        Column('described_as', 'string', "What the source counts, in its words or the vocabulary's."),
        Column('definition', 'string', "What exactly is counted, from the controlled vocabulary in data/raw/definitions.yml (a TIP figure: 'tip:' and the TIP report's own indicator, unless tip.BESIDE_REPORT sets it beside a report indicator with a reason); rows with different definitions are never compared."),
        Column('measures', 'string', 'prevalence (how many people are in a situation), detection (what enforcement found: never prevalence) or activity (what was done).', isin='measures'),
        Column('origin_id', 'string', 'The origin(s) the row rests on (origins.csv), separated by spaces; rows sharing one are never corroboration.'),
        Column('evidence_grade', 'string', 'A-D (grades.csv).', isin='grades'),
        Column('compare_key', 'string', 'Rows with the same key are compared: quantity|definition|geography|year (|part_year).'),
        Column('status', 'string', 'agree (independent origins, central values within 10%), overlap (spans meet, centres differ more), disagree (apart beyond 10%, or two accounts of one origin, or a compilation and what it compiles, that cannot both be right), dependent (one origin compiles the other and they meet: not corroboration), same_origin (a repeat of one origin, not corroboration), not_comparable (declared apart in triangulation.yml: compared_with says why); empty when nothing else shares the key.', nullable=True, isin='statuses'),
        Column('disagrees', 'boolean', 'True when the status is disagree.'),
        Column('compared_with', 'string', "Every other row of the key with the pair's status, value, span and source.", nullable=True),
    )),
    Table('origins', 'Origins: the studies and counts the numbers rest on',
          'Declared once in data/raw/origins.yml; figures, external rows and estimates name theirs in origin_id.',
          key='origin_id', columns=(
        Column('origin_id', 'string', 'Identifier used in origin_id columns.'),
        Column('producer', 'string', 'Who made the count or study.'),
        Column('title', 'string', 'Its title, or a description where no title is known.'),
        Column('year', 'integer', 'Year the count or study was made or first published.'),
        Column('method', 'string', 'How the numbers were made, as far as the accounts say.'),
        Column('methods', 'string', 'The methods it made its numbers by (external_rows.yml methods), separated by spaces; empty when none is described. A row resting on it is made by one of them, or is method_not_described or derived_sum.', nullable=True),
        Column('counted', 'string', 'What was counted or estimated.'),
        Column('held', 'string', 'primary: the project holds the producer\'s own text; secondary: only accounts of it (the report citing it, press articles).', isin='held'),
        Column('accounts', 'string', 'The accounts of it the project holds.'),
        Column('compiles', 'string', 'The origins whose figures this one compiles, separated by spaces: a pair of rows where one compiles the other is dependent, never agreement.', nullable=True),
    )),
    Table('definitions', 'Definitions: what exactly a number counts',
          'The controlled vocabulary of data/raw/definitions.yml; figures, external rows and estimates name theirs in definition, and rows with different definitions are never compared.',
          key='definition', columns=(
        Column('definition', 'string', 'Identifier used in definition columns.'),
        Column('description', 'string', 'What a number with this definition counts, in one line.'),
    )),
    Table('figure_references', 'Figures named by checks, estimates and triangulation',
          "One row per figure a check (checks.csv figure_ids), an estimate (estimates.csv inputs) or a report row of triangulation.csv names, so that each is a foreign key into figures.csv.",
          foreign_keys=(('figure_id', 'figures', 'figure_id'),), columns=(
        Column('record_kind', 'string', 'check, estimate or triangulation: the table naming the figure.'),
        Column('record_id', 'string', 'check_id, estimate_id or the triangulation record_id.'),
        Column('figure_id', 'string', 'The figure named (figures.csv).'),
    )),
    Table('tip_breaks', 'Breaks each TIP figure lies inside or straddles',
          "One row per break a figure of tip_enforcement.csv lies inside (its breaks column) or straddles (its straddles column), so that each is a foreign key into breaks.csv.",
          foreign_keys=(('tip_id', 'tip_enforcement', 'tip_id'), ('break_id', 'breaks', 'break_id')), columns=(
        Column('tip_id', 'string', 'The TIP figure (tip_enforcement.csv).'),
        Column('break_id', 'string', 'The break (breaks.csv).'),
        Column('relation', 'string', 'inside (the figure lies inside the break) or straddles (its period crosses the break).'),
    )),
    Table('denominator_accounts', 'Population accounts each denominator rests on',
          "One row per population account a denominators row uses (its population_ids column), so that each is a foreign key into population.csv.",
          foreign_keys=(('denominator_id', 'denominators', 'denominator_id'), ('population_id', 'population', 'population_id')),
          columns=(
        Column('denominator_id', 'string', 'The denominator (denominators.csv).'),
        Column('population_id', 'string', 'The population account it uses (population.csv).'),
    )),
    Table('design_effects', 'Design-effect sensitivity of the Wilson and Poisson intervals',
          'Each interval recomputed as if units clustered (establishments, raids): design effect 1 (independent units, as in estimates.csv), 2 and 4.',
          columns=(
        Column('estimate_id', 'string', 'Estimate (estimates.csv).'),
        Column('scenario', 'string', 'Scenario of the estimate, when it has several.', nullable=True),
        Column('method', 'string', 'wilson (share) or poisson_exact (count per base).', isin='methods'),
        Column('deff', 'number', 'Design effect: variance inflation from clustering (1 = independent units).', ge=1),
        Column('units', 'number', 'Trials (Wilson) or the observed count (Poisson).'),
        Column('effective_units', 'number', 'units / deff: the independent units the clustered ones are worth.'),
        Column('value', 'number', 'The estimate (the design effect does not move it).'),
        Column('low', 'number', 'Lower end of the interval at this design effect.'),
        Column('high', 'number', 'Upper end of the interval at this design effect.'),
        Column('level', 'number', 'Interval level (0.95 = 95%).'),
    )),
    Table('caveats', 'Caveats, ranked',
          'Every caveat of every figure, estimate and TIP figure, one row each, with its priority (data/raw/figures.yml, estimates.yml, breaks.yml); charts print the highest ranked.',
          columns=(
        Column('record_kind', 'string', 'figure (figures.csv), estimate (estimates.csv) or tip (tip_enforcement.csv).'),
        Column('record_id', 'string', 'figure_id, estimate_id or tip_id the caveat belongs to.'),
        Column('rank', 'integer', "Order in which to read the record's caveats: 1 first (priority, then the order written)."),
        Column('priority', 'string', "; ".join(f"{k}: {v}" for k, v in PRIORITIES.items()), isin='priorities'),
        Column('text', 'string', 'The caveat, one sentence or two.'),
    )),
    Table('tip_enforcement', 'Enforcement figures from the US Trafficking in Persons reports, 2004-2022',
          'Investigations, prosecutions, convictions, victims identified and arrests as the annual TIP reports (or press accounts of them) give them; each placed at the period it covers, with its comparability segment derived from data/raw/breaks.yml. Counts of what the authorities detected, not of how much trafficking there was.',
          key='tip_id', foreign_keys=(('origin_id', 'origins', 'origin_id'),),
          columns=(
        Column('tip_id', 'string', "Identifier: tip<report year>_<indicator>_<period start or 'undated'>[_<form>]; _2 for a second account."),
        Column('report_year', 'integer', 'Year of the TIP report the figure is from (not the year it covers).'),
        Column('period_stated', 'string', "The period as the text states it, verbatim ('2009', 'April 2008-March 2009', 'the year before', 'not stated')."),
        Column('period_start', 'date', 'First day of the period covered; empty when it cannot be read.', nullable=True),
        Column('period_end', 'date', 'Last day of the period covered; empty when it cannot be read.', nullable=True),
        Column('period_kind', 'string', 'calendar_year, april_march (a year from April to March), other or none.'),
        Column('period_basis', 'string', 'stated; relative (read against the period stated in the same quote); inferred (a reading declared in breaks.yml); none.'),
        Column('period_reading', 'string', 'How a relative or inferred period was read, and why.', nullable=True),
        Column('alt_period_start', 'date', "For a period inferred from an undated 'reporting period' (period_basis inferred): first day of the other reading, the TIP report's own reporting period (1 April to 31 March before publication); empty otherwise.", nullable=True),
        Column('alt_period_end', 'date', 'Last day of the other reading (31 March of the report year); empty otherwise.', nullable=True),
        Column('alt_segment', 'string', 'Comparability segment under the other reading (an April-March count lies inside counting_april_march); empty otherwise.', nullable=True),
        Column('indicator', 'string', 'What is counted (vocabulary in csecstats.tip).'),
        Column('form', 'string', 'Part of trafficking counted: all, sex, labour, non_sexual, children (a subset of sex), labour_brokers (a subset of arrests).'),
        Column('indicator_note', 'string', "The curator's note on what was counted, verbatim from the TIP table.", nullable=True),
        Column('definition', 'string', 'What the figure counts, in words: indicator and form.'),
        Column('measures', 'string', 'What the figure can measure: detection (what the authorities found), never prevalence.'),
        Column('value', 'number', 'The published number.', ge=0),
        Column('low', 'number', "Lower end: the value (a lower bound's value is its lower end).", ge=0),
        Column('high', 'number', "Upper end: the value; empty for a lower bound ('at least 100').", nullable=True),
        Column('qualifier', 'string', "exact or lower_bound ('over 400', 'at least 100').", isin='qualifiers'),
        Column('unit', 'string', "persons, cases or 'not stated' (the text gives none)."),
        Column('account', 'string', "report_text (the TIP report's own words) or press (a press account of the report)."),
        Column('publisher', 'string', 'Who published the page quoted.'),
        Column('origin_id', 'string', 'The origin the figure rests on (origins.csv): every edition of the TIP report is one origin, us_tip_reports (data/external/tip-report-cambodia-enforcement.source.yml).'),
        Column('segment', 'string', 'Comparability segment: the breaks (breaks.csv) the figure lies inside, across_<break> when its period straddles one, baseline when none, undated when its period is not known. Figures of different segments are never joined.'),
        Column('breaks', 'string', 'Ids of the breaks the figure lies inside, separated by spaces.', nullable=True),
        Column('straddles', 'string', "Ids of dated breaks that fall inside the figure's period.", nullable=True),
        Column('evidence_grade', 'string', "A the report's own exact text; C a press account, a bound, or media-report figures (grades.csv).", isin='grades'),
        Column('grade_reason', 'string', 'Why the figure has this grade.'),
        Column('tier', 'string', 'Tier placement where the page quoted shows it.', nullable=True),
        Column('quote', 'string', 'The words the number rests on, verbatim.'),
        Column('url', 'string', 'Address of the page quoted (without scheme).'),
        Column('caveat', 'string', "Caveats separated by ' | ', highest priority first: the series caveats of data/raw/breaks.yml, then the TIP table's own caveat for the row, verbatim (it says which rows are press paraphrases)."),
        Column('caveat_priority', 'string', 'Priority of each caveat, in the same order: reading (changes how the number is read), qualifies, provenance.'),
        Column('joins_previous', 'string', 'The tip_id a line may join this figure to: same indicator, form, unit, segment, account and kind of period, both exact, that period ending the day before this one starts; empty where the previous period is missing (never joined across a gap).', nullable=True),
    )),
    Table('breaks', 'Comparability breaks of the TIP enforcement figures',
          'Declared once in data/raw/breaks.yml: each is a regime of periods, report years or a way of counting whose figures are not comparable with those outside it.',
          key='break_id', columns=(
        Column('break_id', 'string', 'Identifier of the break.'),
        Column('label', 'string', 'Short name drawn on the chart.'),
        Column('scope', 'string', 'period (the period a figure covers), report (the report year) or counting (a non-calendar year).'),
        Column('from', 'string', "Start of the scope: a date, a report year or the counting's name."),
        Column('to', 'string', 'End of the scope; empty when open.', nullable=True),
        Column('changes', 'string', 'What is counted differently inside the break.'),
        Column('reason', 'string', 'Why figures inside and outside it are not comparable.'),
        Column('quote', 'string', 'Words of the TIP table the break rests on, verbatim; empty when none.', nullable=True),
        Column('source', 'string', 'Where the break is stated.'),
    )),
    Table('denominators', 'Population denominators for Cambodia, 1990-2022',
          "Cambodia's total and female population every year from the population accounts (data/external/cambodia-population.csv; csecstats.analysis.population), with the spread of the accounts as the interval; Phnom Penh only where a census gives it, and a row of kind none for each other year a Phnom Penh count needs one.",
          key='denominator_id', rules=('low_le_value_le_high',), columns=(
        Column('denominator_id', 'string', 'Identifier: <geography>_<population>_<year>; rates.denominator_id refers to it.'),
        Column('year', 'integer', 'Calendar year the population is for (a census is taken as the population of its year).'),
        Column('geography', 'string', 'Cambodia or Phnom Penh.'),
        Column('population', 'string', 'total or female (all women of every age: no account gives women aged 15-49).'),
        Column('value', 'number', 'Central value in persons; empty when there is no denominator (kind none).', nullable=True, ge=0),
        Column('low', 'number', 'Low end of the interval: the spread of the accounts (with printed rounding), interpolated or carried at the extreme growth rates; empty for kind none.', nullable=True, ge=0),
        Column('high', 'number', 'High end of the interval, likewise.', nullable=True, ge=0),
        Column('kind', 'string', 'census, interpolated (log-linear between censuses), extrapolated (beyond the census span or a census counting women: flagged, its interval widening with distance) or none (no account gives it; nothing is borrowed).', isin='denominator_kinds'),
        Column('method', 'string', 'How the value and its interval were made, with the growth rate and share used and why.'),
        Column('growth_rate', 'number', 'Annual log growth rate used between or beyond censuses; empty at a census of the total.', nullable=True),
        Column('years_from_census', 'integer', 'Years from the nearest census the value rests on (for women, the nearest census counting women).', nullable=True),
        Column('population_ids', 'string', 'The population accounts used, separated by spaces (population_id of the population rows; the census accounts, and for women the accounts whose female share is used).', nullable=True),
        Column('accounts', 'string', "At a census year, every account of the census with its value and printed rounding, separated by '; '.", nullable=True),
        Column('other_accounts', 'string', "Accounts of the year that are not a census (the 2004 survey, the UNIAP fact sheet), each with where it falls against the interval and its caveat, never used; separated by ' | '.", nullable=True),
    )),
    Table('rates', 'Rates per population',
          'Enforcement counts per million population, national sex-worker estimates per 1,000 women and the readings of trafficked sex workers in 2003 per 100,000 women (csecstats.analysis.rates): each numerator over the population of its place and year, with a 95% Monte Carlo interval combining both uncertainties (named seed; one draw per year shared by every rate of that year). Detection counts measure what the authorities found, not how much trafficking there was.',
          key='numerator_id', foreign_keys=(('denominator_id', 'denominators', 'denominator_id'),), columns=(
        Column('numerator_table', 'string', 'The built table the numerator is a row of: figures, tip_enforcement, external_enforcement, external_estimates or estimates.'),
        Column('numerator_id', 'string', 'The row of numerator_table (figure_id, tip_id, external_id, or estimate_id/scenario of estimates).'),
        Column('rate_of', 'string', 'enforcement_per_million, sex_workers_per_1000_women or trafficked_per_100000_women: one chart panel each.', isin='rate_measures'),
        Column('indicator', 'string', "The numerator's indicator, as its table names it."),
        Column('numerator', 'number', 'The count at its central value; empty for a range with no central value.', nullable=True, ge=0),
        Column('numerator_low', 'number', "Low end of the numerator's interval as its table gives it (the bound of a lower bound); empty when none is printed.", nullable=True, ge=0),
        Column('numerator_high', 'number', "High end of the numerator's interval; empty for a lower bound or when none is printed.", nullable=True, ge=0),
        Column('qualifier', 'string', "The numerator's qualifier, which the rate keeps: a lower bound's rate is a lower bound (no rate_high); estimate for a derived estimate; range for a range with no central value."),
        Column('numerator_unit', 'string', 'Unit of the numerator: persons, cases, reports or not stated.'),
        Column('denominator_id', 'string', 'The denominators row divided by (denominators.denominator_id).'),
        Column('denominator', 'number', 'Population at its central value.', ge=0),
        Column('denominator_low', 'number', "Low end of the population's interval.", ge=0),
        Column('denominator_high', 'number', "High end of the population's interval.", ge=0),
        Column('population', 'string', 'total or female (all women).'),
        Column('denominator_kind', 'string', 'census, interpolated or extrapolated: an extrapolated denominator is flagged here and on the chart.', isin='denominator_kinds'),
        Column('denominator_method', 'string', 'How the denominator was made (denominators.method).'),
        Column('per', 'integer', 'The rate is per this many people: 1,000,000, 1,000 or 100,000.'),
        Column('rate', 'number', 'numerator / denominator x per at the central values; empty when the numerator has no central value.', nullable=True, ge=0),
        Column('rate_low', 'number', "2.5th percentile of the rate's Monte Carlo draws (numerator and denominator each drawn half below, half above its central value, uniformly within its interval).", nullable=True, ge=0),
        Column('rate_high', 'number', '97.5th percentile of the draws; empty for a lower bound.', nullable=True, ge=0),
        Column('rate_low_fixed_denominator', 'number', 'The same percentile with the denominator held at its central value: what the numerator alone contributes.', nullable=True, ge=0),
        Column('rate_high_fixed_denominator', 'number', 'Likewise, the 97.5th percentile; empty for a lower bound.', nullable=True, ge=0),
        Column('year', 'integer', "The denominator's year: the calendar year holding the middle of the numerator's period."),
        Column('period_start', 'date', 'First day of the period the numerator covers.'),
        Column('period_end', 'date', 'Last day of the period the numerator covers.'),
        Column('geography', 'string', 'Place of both numerator and denominator (never divided across places).'),
        Column('segment', 'string', 'For a TIP figure, its comparability segment (breaks.csv): rates of different segments are never joined.', nullable=True),
        Column('definition', 'string', "The numerator's definition: rates of different definitions are never joined or compared as one quantity."),
        Column('measures', 'string', 'detection (what enforcement found: never prevalence) or prevalence.', isin='measures'),
        Column('origin_id', 'string', 'The study or count the numerator rests on (origins.csv).'),
        Column('base', 'string', 'What the population base is when it is not the obvious one: all women, since no account gives women aged 15-49.', nullable=True),
    )),
)}


def columns(name: str) -> list[str]:
    """The columns of a processed table, in order.

    Parameters
    ----------
    name : str
        A table of ``TABLES`` (``figures``, ``estimates``, ...).

    Returns
    -------
    list of str
    """
    return TABLES[name].column_names


def declaration_problems(tables: dict[str, Table] | None = None) -> list[Problem]:
    """Every table and column needs a description, a known type, and a declared key and unique names.

    Parameters
    ----------
    tables : dict of str to Table, optional
        The declarations to check (default: ``TABLES``).

    Returns
    -------
    list of Problem
        Each named after ``csecstats/tables/declared.py``, the table and the column.
    """
    problems = []
    for table in (tables or TABLES).values():
        where = "csecstats/tables/declared.py"
        if not table.title.strip() or not table.description.strip():
            problems.append(Problem(where, table.name, "description", "every table needs a title and a description"))
        names = table.column_names
        for column in table.columns:
            if not column.description.strip():
                problems.append(Problem(where, f"{table.name}.{column.name}", "description", "every column needs a description"))
            if column.type not in TYPES:
                problems.append(Problem(where, f"{table.name}.{column.name}", "type", f"expected one of {', '.join(TYPES)}"))
        if len(set(names)) != len(names):
            problems.append(Problem(where, table.name, "columns", "a column is declared twice"))
        if table.key is not None and table.key not in names:
            problems.append(Problem(where, table.name, "key", f"key {table.key!r} is not a column"))
    return problems
