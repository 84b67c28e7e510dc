// Generated from the Rust types by `advieswerk::bindings` (ts-rs). Do not edit by hand:
// run `UPDATE_BINDINGS=1 cargo test --test bindings` after changing a Rust type.

export type ApiError = { code: ErrorCode, message: string, fields: Array<FieldError>, };

export type ErrorCode = "validation" | "not_found" | "conflict" | "locked" | "disk_full" | "read_only" | "corrupt" | "busy" | "schema_too_new" | "migration_edited" | "backup_failed" | "backup_unusable" | "unsafe_location" | "folder_unreachable" | "join_would_replace" | "leave_would_lose" | "sync" | "internal";

export type FieldError = { field: string, message: string, };

export type RequestId = string;

export type SectionId = string;

export type RevisionId = string;

export type MilestoneId = string;

export type TrackId = string;

export type BackupName = string;

export type Stamp = string;

export type Status = "received" | "in_progress" | "draft" | "adopted" | "sent" | "reaction_received" | "closed" | "declined" | "withdrawn";

export type Tenor = "positive" | "positive_with_remarks" | "negative" | "no_advice";

export type RequestKind = "asked" | "unasked";

export type SortKey = "due" | "received" | "subject" | "status";

export type Step = { id: string, status: Status, on: string, 
/**
 * For `Sent`: the letter's reference (*kenmerk*).
 */
reference: string, tenor: Tenor | null, note: string, recordedAt: Stamp, };

export type AdviceRequest = { id: RequestId, subject: string, requester: string, kind: RequestKind, themeId: string | null, themeName: string | null, workingGroupId: string | null, workingGroupName: string | null, receivedOn: string, requestedBy: string | null, municipalityReference: string, caseNumber: string, ourReference: string, notes: string, confidential: boolean, 
/**
 * The college's reaction term for this advice when it differs from the council's.
 */
reactionTermDays: number | null, status: Status, tenor: Tenor | null, 
/**
 * Oldest first; the first step is always `Received`.
 */
steps: Array<Step>, plan: DeadlinePlan, 
/**
 * What the status may become next, for the status form.
 */
nextStatuses: Array<Status>, 
/**
 * What members should look at after their changes were merged (steps recorded apart
 * that the state machine would not allow together), in Dutch.
 */
reviews: Array<string>, createdAt: Stamp, updatedAt: Stamp, updatedBy: string, };

export type RequestSummary = { id: RequestId, subject: string, requester: string, kind: RequestKind, themeName: string | null, workingGroupName: string | null, receivedOn: string, status: Status, confidential: boolean, plan: DeadlinePlan, };

export type RegisterQuery = { 
/**
 * Empty means every status.
 */
statuses: Array<Status>, themeId: string | null, workingGroupId: string | null, 
/**
 * Year of the received date.
 */
year: number | null, 
/**
 * Matched against subject, requester, references and case number.
 */
search: string, sort: SortKey, descending: boolean, offset: number, 
/**
 * 0 means the default page size.
 */
limit: number, };

export type RegisterPage = { rows: Array<RequestSummary>, 
/**
 * Matching rows in all pages.
 */
total: number, 
/**
 * Years that have requests, newest first, for the year filter.
 */
years: Array<number>, };

export type RequestInput = { subject: string, requester: string, kind: RequestKind, themeId: string | null, workingGroupId: string | null, receivedOn: string, requestedBy: string, municipalityReference: string, caseNumber: string, ourReference: string, notes: string, confidential: boolean, };

export type StepInput = { status: Status, on: string, reference: string, tenor: Tenor | null, note: string, };

export type DueSource = "requested" | "standard_term";

export type Warning = "overdue" | "due_soon" | "no_meeting_left" | "draft_late" | "reaction_late" | "reaction_due_soon" | "commitment_overdue";

export type DeadlinePlan = { dueOn: string | null, dueSource: DueSource | null, 
/**
 * The last plenary meeting on or before the due date (and not in the past).
 */
adoptingMeeting: string | null, draftReadyOn: string | null, reactionExpectedOn: string | null, warnings: Array<Warning>, };

export type Council = { id: string, name: string, municipality: string, chair: string, secretary: string, adviceTermDays: number, draftLeadDays: number, reactionTermDays: number, dueSoonDays: number, 
/**
 * Plenary meetings, ascending by date.
 */
meetings: Array<Meeting>, themes: Array<Theme>, workingGroups: Array<WorkingGroup>, updatedAt: Stamp, updatedBy: string, };

export type Meeting = { id: string, heldOn: string, note: string, };

export type Theme = { id: string, name: string, };

export type WorkingGroup = { id: string, name: string, themeId: string | null, members: Array<Member>, };

export type Member = { id: string, name: string, role: string, };

export type CouncilInput = { name: string, municipality: string, chair: string, secretary: string, adviceTermDays: string, draftLeadDays: string, reactionTermDays: string, dueSoonDays: string, meetings: Array<MeetingInput>, themes: Array<ThemeInput>, workingGroups: Array<WorkingGroupInput>, };

export type MeetingInput = { id: string | null, heldOn: string, note: string, };

export type MeetingSeriesInput = { 
/**
 * Which one of the month: 1 to 4, or 5 for the last.
 */
ordinal: number, 
/**
 * 1 (Monday) to 7 (Sunday).
 */
weekday: number, 
/**
 * Months without a meeting, 1 to 12.
 */
skipMonths: Array<number>, 
/**
 * `dd-mm-jjjj`
 */
from: string, 
/**
 * `dd-mm-jjjj`, included.
 */
to: string, };

export type ThemeInput = { id: string | null, name: string, };

export type WorkingGroupInput = { id: string | null, name: string, themeId: string | null, members: Array<MemberInput>, };

export type MemberInput = { id: string | null, name: string, role: string, };

export type AppInfo = { dbPath: string, schemaVersion: number, requestCount: number, 
/**
 * False until the council's name is filled in; with no requests, the app offers example data.
 */
councilNamed: boolean, installationId: string, today: string, 
/**
 * The app's clock now: the page keeps its dates by it.
 */
now: string, };

export type AgendaKind = "meeting" | "draft_ready" | "due" | "reaction_expected" | "commitment_due";

export type AgendaItem = { on: string, kind: AgendaKind, requestId: RequestId | null, title: string, };

export type Upcoming = { today: string, horizonDays: number, 
/**
 * Open requests with at least one warning, most urgent first: all of them, or the first
 * [`ATTENTION_SHOWN`] of [`Upcoming::first`].
 */
attention: Array<RequestSummary>, 
/**
 * How many requests ask for attention, shown or not.
 */
attentionTotal: number, 
/**
 * Dates within the horizon, in order. A meeting's title is its note (often empty). All of
 * them, or the first [`AGENDA_SHOWN`] of [`Upcoming::first`].
 */
agenda: Array<AgendaItem>, 
/**
 * How many dates fall within the horizon, shown or not.
 */
agendaTotal: number, 
/**
 * Open commitments of the college past their date or due within the horizon, earliest
 * first (whatever the status of their advice).
 */
commitments: Array<CommitmentDue>, };

export type LetterImport = { requestId: RequestId, sections: number, notices: Array<string>, };

export type LetterFormat = "html" | "docx" | "pdf";

export type YearLetter = { requestId: RequestId, subject: string, };

export type Letterhead = { 
/**
 * Street or PO box, postcode and place: one line each.
 */
postalAddress: string, email: string, website: string, phone: string, 
/**
 * `png` or `svg` when a logo is stored.
 */
logoFormat: string | null, logoBytes: number, closingFormula: string, signerRole: string, };

export type LetterheadInput = { postalAddress: string, email: string, website: string, phone: string, closingFormula: string, signerRole: string, };

export type LetterDetails = { requestId: RequestId, 
/**
 * One line each: the college, then its address.
 */
addressee: string, 
/**
 * None: the day the advice was sent, or today until then.
 */
date: string | null, ourReference: string, theirReference: string, 
/**
 * Empty when the opening text starts with its own salutation.
 */
salutation: string, 
/**
 * Empty: the letterhead's closing formula.
 */
closingFormula: string, attachments: string, copies: string, 
/**
 * Who signs this letter. Empty: the council's chair (Instellingen).
 */
signer: string, 
/**
 * Empty: the letterhead's role (`voorzitter`).
 */
signerRole: string, 
/**
 * False while the letter still runs on what the request and the letterhead say.
 */
stored: boolean, };

export type LetterDetailsInput = { requestId: RequestId, addressee: string, 
/**
 * `dd-mm-jjjj`, or empty.
 */
date: string, ourReference: string, theirReference: string, salutation: string, closingFormula: string, attachments: string, copies: string, signer: string, signerRole: string, };

export type LetterPreview = { 
/**
 * Made and escaped by the letter's HTML renderer.
 */
html: string, 
/**
 * In Dutch, one sentence each.
 */
warnings: Array<string>, };

export type SectionScope = "opening" | "regional" | "local" | "closing" | "other";

export type Section = { id: SectionId, position: number, title: string, scope: SectionScope, body: string, 
/**
 * Send this back with the next save of this section.
 */
version: number, stats: TextStats, updatedAt: Stamp, 
/**
 * Set when the section follows a regional text (the body is then that text, or what the
 * council adopted of it).
 */
regional: SectionRegional | null, };

export type Advice = { requestId: RequestId, 
/**
 * Adopted (or later) advice is locked against editing.
 */
locked: boolean, sections: Array<Section>, };

export type SectionSave = { sectionId: SectionId, 
/**
 * The version the editor started from.
 */
baseVersion: number, title: string, body: string, 
/**
 * The writer paused: keep a revision of this text.
 */
checkpoint: boolean, 
/**
 * The text at `base_version`, as the editor had it. Given, a save over text that changed
 * meanwhile (another member's edit arrived) is merged with it instead of refused.
 */
baseBody?: string, };

export type SectionSaved = { sectionId: SectionId, version: number, savedAt: Stamp, stats: TextStats, 
/**
 * The text as saved when it differs from the one sent: merged with an edit made elsewhere.
 */
mergedBody: string | null, };

export type RevisionReason = "interval" | "pause" | "before_restore";

export type Revision = { id: RevisionId, 
/**
 * Order of revisions within the section; independent of the clock.
 */
seq: number, reason: RevisionReason, createdAt: Stamp, 
/**
 * The member whose text this is, when the council is shared ("Anna de Boer").
 */
author: string | null, title: string, body: string, stats: TextStats, };

export type TextStats = { words: number, recommendations: number, };

export type Preview = { html: string, 
/**
 * Only the beginning of the text is shown (it is longer than `PREVIEW_MAX_BYTES`).
 */
truncated: boolean, };

export type NewSection = { requestId: RequestId, title: string, scope: SectionScope, };

export type Direction = "up" | "down";

export type DiffKind = "same" | "removed" | "added";

export type DiffPart = { kind: DiffKind, text: string, };

export type ItemKind = "regional_policy" | "councils_informed" | "feedback_window" | "information_session" | "college_decision" | "council_decision" | "takes_effect" | "national" | "deadline" | "other" | "request_due" | "adopting_meeting" | "draft_ready" | "advice_sent" | "reaction_expected" | "commitment_due";

export type MilestoneStatus = "planned" | "done" | "moved";

export type TrackScope = "regional" | "local";

export type Municipality = { id: string, name: string, };

export type MunicipalityInput = { id: string | null, name: string, };

export type Track = { id: TrackId, name: string, scope: TrackScope, description: string, municipalityIds: Array<string>, };

export type TrackInput = { name: string, scope: TrackScope, description: string, municipalityIds: Array<string>, };

export type Milestone = { id: MilestoneId, trackId: TrackId | null, title: string, kind: ItemKind, startsOn: string, 
/**
 * Last day of a range (inclusive); none for a moment.
 */
endsOn: string | null, 
/**
 * None: the whole region.
 */
municipalityId: string | null, actor: string, requestId: RequestId | null, status: MilestoneStatus, movedFrom: string | null, notes: string, sequence: number, updatedAt: Stamp, };

export type MilestoneInput = { trackId: TrackId | null, title: string, kind: ItemKind, startsOn: string, endsOn: string, municipalityId: string | null, actor: string, requestId: RequestId | null, status: MilestoneStatus, notes: string, };

export type ItemSource = "milestone" | "register" | "region";

export type TimelineItem = { 
/**
 * The milestone's id, or `<request id>:<kind>` for a date from the register.
 */
id: string, source: ItemSource, kind: ItemKind, title: string, startsOn: string, endsOn: string | null, trackId: TrackId | null, municipalityId: string | null, 
/**
 * For a date from the region: the municipality as that council named it (its lane).
 */
regionMunicipality: string | null, workingGroup: string | null, requestId: RequestId | null, status: MilestoneStatus | null, movedFrom: string | null, actor: string, 
/**
 * Planned and its (last) day has passed; for register dates: the plan's warning.
 */
overdue: boolean, 
/**
 * Close to its date and still open.
 */
atRisk: boolean, 
/**
 * Grows with every change (the calendar export's SEQUENCE).
 */
sequence: number, };

export type TimelineQuery = { from: string | null, to: string | null, 
/**
 * Empty: all.
 */
trackIds: Array<TrackId>, kinds: Array<ItemKind>, 
/**
 * Municipality ids; `region` stands for milestones of the whole region.
 */
municipalityIds: Array<string>, 
/**
 * Leave out the dates from the register.
 */
withoutRegister: boolean, };

export type Timeline = { from: string, to: string, today: string, items: Array<TimelineItem>, tracks: Array<Track>, municipalities: Array<Municipality>, };

export type ImportTarget = { trackId: TrackId | null, newTrackName: string, };

export type ImportReport = { 
/**
 * 0 when the file had problems and only a clean file may be imported.
 */
imported: number, rows: number, problems: Array<RowProblem>, trackId: TrackId | null, };

export type RowProblem = { line: number, field: string, message: string, };

export type BackupKind = "daily" | "before_migration" | "before_restore" | "manual";

export type BackupInfo = { 
/**
 * The name inside the backups folder; the only way the UI refers to a backup.
 */
fileName: BackupName, takenAt: string, kind: BackupKind, sizeBytes: number, };

export type Recovery = { dbPath: string, 
/**
 * The damaged files set aside, newest first (full paths, for the user or their IT support).
 */
setAside: Array<string>, 
/**
 * Backups that pass the full integrity check, newest first.
 */
backups: Array<BackupInfo>, };

export type BackupOverview = { folder: string, 
/**
 * Newest first.
 */
backups: Array<BackupInfo>, keepDaily: number, keepMonthly: number, keepOther: number, };

export type SyncStatus = { shared: boolean, folder: string | null, member: string | null, reachable: boolean, lastRoundAt: string | null, 
/**
 * Changed records here that are not in the folder yet.
 */
unsent: number, 
/**
 * Records taken in from other members in this round.
 */
received: number, 
/**
 * Files of the folder that were refused, in Dutch.
 */
refusals: Array<string>, 
/**
 * Records whose merged state the tables refused, in Dutch.
 */
problems: Array<string>, 
/**
 * Other members whose files were read.
 */
members: Array<string>, 
/**
 * Fields two members set while apart, waiting for a member's choice.
 */
conflicts: Array<FieldConflictView>, 
/**
 * One line for the status bar ("3 wijzigingen nog niet in de map").
 */
summary: string, };

export type PageEvent = { "kind": "syncStatus", "status": SyncStatus } | { "kind": "syncChanged", "status": SyncStatus } | { "kind": "closeRequested" };

export type ShareResult = { passphrase: string, status: SyncStatus, };

export type ConflictChoice = { 
/**
 * The value as a member reads it: names for ids, "ja"/"nee", Dutch dates.
 */
shown: string, member: string, at: string, };

export type FieldConflictView = { table: string, recordId: string, field: string, 
/**
 * The field's Dutch label ("Onderwerp").
 */
label: string, 
/**
 * Which record, in Dutch ("Adviesaanvraag Wmo-beleid 2027").
 */
record: string, choices: Array<ConflictChoice>, };

export type SectionRegional = { textId: string, title: string, 
/**
 * Whether this installation has the text (it is in the region and the text came in).
 */
available: boolean, 
/**
 * The fingerprint of the version the council adopted.
 */
adoptedVersion: string | null, currentVersion: string | null, 
/**
 * The text changed after the council adopted it, and the council did not keep its own.
 */
changedAfterAdoption: boolean, 
/**
 * The word diff from the adopted version to the text as it reads now.
 */
changes: Array<DiffPart>, };

export type RegionStatus = { joined: boolean, folder: string | null, councilName: string | null, municipality: string | null, reachable: boolean, lastRoundAt: string | null, refusals: Array<string>, summary: string, };

export type RegionCreated = { passphrase: string, status: RegionStatus, };

export type CouncilRow = { councilName: string, municipality: string, reference: string, dueOn: string | null, meetingOn: string | null, adoptedOn: string | null, 
/**
 * The adopted version's fingerprint, and whether it is the text as it reads now.
 */
adoptedVersion: string | null, adoptedCurrent: boolean | null, adoptedTenor: string | null, sentOn: string | null, reactionOn: string | null, 
/**
 * This council's own row.
 */
ours: boolean, 
/**
 * One line in Dutch: where this council stands.
 */
state: string, };

export type ProposalView = { id: string, kind: string, kindLabel: string, passage: string, words: string, reason: string, councilName: string, state: string, stateLabel: string, decidedBy: string | null, 
/**
 * Made by this council (it may withdraw it, not accept it).
 */
ours: boolean, };

export type TextPiece = { text: string, 
/**
 * `same`, `removed` (an open proposal's passage) or `added` (its new words).
 */
kind: string, proposalId: string | null, };

export type HistoryItem = { at: string, 
/**
 * "ASD Delft", or "Anna de Boer (ASD Delft)" for this installation's own member.
 */
who: string, what: string, };

export type OwnLink = { requestId: RequestId, sectionId: SectionId, subject: string, };

export type RegionalTextView = { id: string, title: string, body: string, version: string, pieces: Array<TextPiece>, proposals: Array<ProposalView>, councils: Array<CouncilRow>, history: Array<HistoryItem>, links: Array<OwnLink>, };

export type RegionalTextSummary = { id: string, title: string, version: string, councils: number, adopted: number, openProposals: number, linked: boolean, };

export type RegionOverview = { texts: Array<OverviewText>, };

export type OverviewText = { id: string, title: string, version: string, councils: Array<CouncilRow>, 
/**
 * Councils that adopted a version other than the current one.
 */
olderVersions: number, };

export type ProposalInput = { textId: string, start: number, end: number, words: string, reason: string, 
/**
 * The version the passage was chosen in: a text changed since is refused, not guessed at.
 */
version: string, };

export type Outcome = "adopted" | "partly_adopted" | "not_adopted" | "noted" | "no_reaction";

export type CommitmentStatus = "open" | "done" | "lapsed";

export type FollowUpKind = "reminder_sent" | "council_informed";

export type Recommendation = { id: string, number: number, 
/**
 * The title of the section the point was taken from.
 */
sectionTitle: string, title: string, body: string, 
/**
 * Merged, split, moved or edited by hand: a new adoption then keeps the list as it is.
 */
edited: boolean, outcome: Outcome | null, reasoning: string, };

export type Reaction = { receivedOn: string, reference: string, summary: string, 
/**
 * The college's letter as it was attached: its file name (empty without one).
 */
letterName: string, letterSize: bigint, 
/**
 * Whether the letter's bytes are on this computer (a member who attached it elsewhere
 * shares its name, not the file).
 */
letterHere: boolean, };

export type Commitment = { id: string, requestId: RequestId, text: string, dueOn: string | null, status: CommitmentStatus, note: string, 
/**
 * Open and its date has passed.
 */
overdue: boolean, };

export type FollowUpStep = { id: string, kind: FollowUpKind, on: string, note: string, };

export type FollowUp = { requestId: RequestId, sentOn: string | null, sentReference: string, 
/**
 * This request's own reaction term, when it differs from the council's.
 */
reactionTermDays: number | null, councilReactionTermDays: number, reactionExpectedOn: string | null, recommendations: Array<Recommendation>, reaction: Reaction | null, commitments: Array<Commitment>, steps: Array<FollowUpStep>, };

export type RecommendationInput = { number: number, title: string, body: string, };

export type OutcomeInput = { recommendationId: string, outcome: Outcome | null, reasoning: string, };

export type ReactionInput = { receivedOn: string, reference: string, summary: string, outcomes: Array<OutcomeInput>, };

export type CommitmentInput = { text: string, 
/**
 * Empty when the college named no date.
 */
dueOn: string, status: CommitmentStatus, note: string, };

export type FollowUpInput = { kind: FollowUpKind, on: string, note: string, };

export type CommitmentDue = { id: string, requestId: RequestId, subject: string, text: string, dueOn: string, overdue: boolean, };

export type Count = { label: string, count: number, };

export type ThemeCount = { 
/**
 * "Zonder thema" for requests without one.
 */
theme: string, asked: number, unasked: number, };

export type YearAdvice = { requestId: RequestId, 
/**
 * The subject, or for a confidential request only that it is one.
 */
subject: string, confidential: boolean, sentOn: string, dueOn: string | null, 
/**
 * Days after the due date it was sent (none when on time or without one).
 */
daysLate: number | null, tenor: Tenor | null, reactionOn: string | null, reactionLate: boolean, 
/**
 * The outcomes in one line, or what is known of the reaction.
 */
outcomeLine: string, };

export type YearShare = { year: number, given: number, onTimePercent: number | null, adoptedPercent: number | null, };

export type AnnualFigures = { year: number, received: number, asked: number, unasked: number, perTheme: Array<ThemeCount>, 
/**
 * Of the requests received in the year: ended without advice, withdrawn.
 */
declined: number, withdrawn: number, given: number, 
/**
 * Advice given that had a due date, and of those on time or late.
 */
withDueDate: number, onTime: number, late: number, lateDaysMax: number, 
/**
 * Rounded to whole days.
 */
lateDaysAverage: number | null, tenors: Array<Count>, recommendations: number, 
/**
 * Every outcome, then "Nog niet bekend" for recommendations without one.
 */
outcomes: Array<Count>, 
/**
 * *Overgenomen* of the recommendations with an outcome, in whole percents.
 */
adoptedPercent: number | null, reactionsReceived: number, 
/**
 * Received after the reaction term.
 */
reactionsLate: number, 
/**
 * Not received and the term has passed.
 */
reactionsMissing: number, 
/**
 * Not received, the term still running.
 */
reactionsAwaited: number, openCommitments: number, councilInformed: number, meetingsHeld: number, advices: Array<YearAdvice>, 
/**
 * The last five years up to this one.
 */
history: Array<YearShare>, };

export type AnnualReport = { year: number, introduction: string, closing: string, figures: AnnualFigures, 
/**
 * Years with advice, newest first, for the year choice.
 */
years: Array<number>, };

export type ReportTextsInput = { introduction: string, closing: string, };

export type Publication = { folder: string, 
/**
 * Pages of advice (the index not counted).
 */
pages: number, 
/**
 * Advice of the year left out because it is confidential.
 */
confidentialLeftOut: number, };

export type DocumentInfo = { id: string, requestId: RequestId, name: string, 
/**
 * pdf, docx, odt, txt, eml or msg.
 */
kind: string, 
/**
 * "PDF", "Word", …
 */
kindLabel: string, size: number, receivedOn: string, 
/**
 * A PDF's pages; 0 for other kinds.
 */
pages: number, 
/**
 * Whether this computer has the file (a member's document may be listed before its file is
 * here).
 */
here: boolean, 
/**
 * What to know about its text, in Dutch ("geen tekst gevonden (gescand document?)").
 */
note: string | null, addedBy: string, };

export type SkippedFile = { name: string, reason: string, };

export type DocumentsAdded = { documents: Array<DocumentInfo>, added: Array<string>, skipped: Array<SkippedFile>, };

export type EmailDraft = { subject: string, 
/**
 * The sender's name (or address).
 */
requester: string, senderAddress: string, 
/**
 * The day it was sent, if that is not after today.
 */
receivedOn: string | null, attachments: Array<string>, 
/**
 * The body's opening, for the notes.
 */
excerpt: string, };

export type SearchKind = "request" | "section" | "reaction" | "commitment" | "document";

export type SnippetPart = { text: string, hit: boolean, };

export type SearchInput = { query: string, year: number | null, themeId: string | null, kind: SearchKind | null, };

export type SearchHit = { kind: SearchKind, kindLabel: string, requestId: RequestId, 
/**
 * The request's subject ("Vertrouwelijke aanvraag" is never substituted: the council's own
 * search shows its own confidential work, marked).
 */
subject: string, 
/**
 * The section's title, the document's name, …
 */
title: string, 
/**
 * What opens the hit: the section's or document's id (the request's own for the others).
 */
sourceId: string, 
/**
 * The PDF page the words were found on.
 */
page: number | null, year: number | null, confidential: boolean, snippet: Array<SnippetPart>, };

export type SearchResults = { hits: Array<SearchHit>, 
/**
 * No text held every word; these hold some of them.
 */
partial: boolean, };

export const statusLabel: Record<Status, string> = {
  received: "Ontvangen",
  in_progress: "In behandeling",
  draft: "Concept-advies",
  adopted: "Vastgesteld",
  sent: "Verzonden",
  reaction_received: "Reactie ontvangen",
  closed: "Afgerond",
  declined: "Niet uitgebracht",
  withdrawn: "Ingetrokken",
};

export const tenorLabel: Record<Tenor, string> = {
  positive: "Positief",
  positive_with_remarks: "Positief met kanttekeningen",
  negative: "Negatief",
  no_advice: "Geen advies",
};

export const itemKindLabel: Record<ItemKind, string> = {
  regional_policy: "Regionaal beleid vastgesteld",
  councils_informed: "Raden geïnformeerd",
  feedback_window: "Periode voor inbreng",
  information_session: "Informatiebijeenkomst",
  college_decision: "Collegebesluit",
  council_decision: "Raadsbesluit",
  takes_effect: "Inwerkingtreding",
  national: "Landelijk moment",
  deadline: "Uiterste datum",
  other: "Overig",
  request_due: "Advies uiterlijk",
  adopting_meeting: "Vaststelling in plenaire vergadering",
  draft_ready: "Concept gereed",
  advice_sent: "Advies verzonden",
  reaction_expected: "Reactie college verwacht",
  commitment_due: "Toezegging college",
};

export const outcomeLabel: Record<Outcome, string> = {
  adopted: "Overgenomen",
  partly_adopted: "Deels overgenomen",
  not_adopted: "Niet overgenomen",
  noted: "Voor kennisgeving aangenomen",
  no_reaction: "Geen reactie",
};

export const commitmentStatusLabel: Record<CommitmentStatus, string> = {
  open: "Open",
  done: "Afgedaan",
  lapsed: "Verlopen",
};

export const followUpKindLabel: Record<FollowUpKind, string> = {
  reminder_sent: "Herinnering verstuurd",
  council_informed: "Gemeenteraad geïnformeerd",
};

export const searchKindLabel: Record<SearchKind, string> = {
  request: "Adviesaanvraag",
  section: "Adviestekst",
  reaction: "Reactie college",
  commitment: "Toezegging",
  document: "Document",
};

/** The statuses of a request the council is still busy with. */
export const openStatuses: Status[] = ["received", "in_progress", "draft", "adopted", "sent", "reaction_received"];
