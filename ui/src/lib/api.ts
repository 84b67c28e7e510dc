// The only module that talks to the Rust side. Every command's argument and result types come
// from `bindings.ts`, generated from the Rust types; a failed command always rejects with a
// `CommandError` carrying the typed `{code, message, fields}` the core produced.
import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import type {
  Advice,
  AdviceRequest,
  AnnualReport,
  ApiError,
  AppInfo,
  BackupInfo,
  BackupName,
  BackupOverview,
  CommitmentInput,
  Council,
  CouncilInput,
  DiffPart,
  Direction,
  DocumentInfo,
  DocumentsAdded,
  EmailDraft,
  ErrorCode,
  FieldConflictView,
  FieldError,
  FollowUp,
  FollowUpInput,
  ImportReport,
  ImportTarget,
  LetterDetails,
  LetterDetailsInput,
  LetterFormat,
  Letterhead,
  LetterheadInput,
  LetterPreview,
  MeetingSeriesInput,
  Milestone,
  MilestoneId,
  MilestoneInput,
  Municipality,
  MunicipalityInput,
  NewSection,
  PageEvent,
  Preview,
  ProposalInput,
  Publication,
  ReactionInput,
  RecommendationInput,
  Recovery,
  RegionalTextSummary,
  RegionalTextView,
  RegionCreated,
  RegionOverview,
  RegionStatus,
  RegisterPage,
  RegisterQuery,
  ReportTextsInput,
  RequestId,
  RequestInput,
  Revision,
  RevisionId,
  SearchInput,
  SearchResults,
  Section,
  SectionId,
  SectionSave,
  SectionSaved,
  ShareResult,
  StepInput,
  SyncStatus,
  Timeline,
  TimelineQuery,
  Track,
  TrackId,
  TrackInput,
  Upcoming,
  YearLetter,
} from './bindings';

export class CommandError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];
  constructor(e: ApiError) {
    super(e.message);
    this.code = e.code;
    this.fields = e.fields;
  }
  /** The message for one input field, if the core named it. */
  field(name: string): string | undefined {
    return this.fields.find((f) => f.field === name)?.message;
  }
}

function isApiError(e: unknown): e is ApiError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e;
}

async function call<T>(
  command: string,
  args?: InvokeArgs,
  options?: { headers: Record<string, string> },
): Promise<T> {
  try {
    return await invoke<T>(command, args, options);
  } catch (e) {
    if (isApiError(e)) throw new CommandError({ ...e, fields: e.fields ?? [] });
    // Not from our core (e.g. the IPC bridge itself failed): still a Dutch message.
    throw new CommandError({
      code: 'internal',
      message: `Advieswerk kon de opdracht niet uitvoeren (${String(e)}).`,
      fields: [],
    });
  }
}

// What the shell tells the window unasked (the close request, sync rounds) is the answer to
// `next_event`, of which one is kept asked at all times; the shell's `PageEvents` says why not
// Tauri's events.
const pageListeners = new Set<(e: PageEvent) => void>();
let following = false;

function follow(listener: (e: PageEvent) => void): Promise<() => void> {
  pageListeners.add(listener);
  if (!following) {
    following = true;
    void (async () => {
      for (;;) {
        let event: PageEvent;
        try {
          event = await invoke<PageEvent>('next_event');
        } catch {
          // Only if the bridge itself failed: asked again after a pause, not in a tight loop.
          await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        for (const l of [...pageListeners]) {
          try {
            l(event);
          } catch (e) {
            // One screen's failing handler must not stop the others hearing what comes next.
            console.error(e);
          }
        }
      }
    })();
  }
  return Promise.resolve(() => void pageListeners.delete(listener));
}

/** A file's bytes as the command's raw body (no JSON array of numbers for a 100 MB PDF); its
 *  name (percent-encoded: headers are ASCII) and request in headers. */
function callWithFile<T>(command: string, file: { name: string; bytes: Uint8Array }, requestId = ''): Promise<T> {
  return call<T>(command, file.bytes, {
    headers: { 'x-file-name': encodeURIComponent(file.name), 'x-request-id': encodeURIComponent(requestId) },
  });
}

/** A document may be at most this large (the core refuses larger ones too, with this text). */
export const MAX_DOCUMENT_BYTES = 100 * 1024 * 1024;

export const api = {
  /** Adds a file (an e-mail with its attachments) to a request. */
  addDocuments: (requestId: RequestId, file: { name: string; bytes: Uint8Array }) =>
    callWithFile<DocumentsAdded>('add_documents', file, requestId),
  listDocuments: (requestId: RequestId) => call<DocumentInfo[]>('list_documents', { requestId }),
  deleteDocument: (id: string) => call<DocumentInfo[]>('delete_document', { id }),
  /** Opens a copy in the system's viewer; resolves to the copy's path. */
  openDocument: (id: string) => call<string>('open_document', { id }),
  /** A new request's fields from an .eml or .msg. */
  readEmail: (file: { name: string; bytes: Uint8Array }) => callWithFile<EmailDraft>('read_email', file),
  search: (input: SearchInput) => call<SearchResults>('search', { input }),
  appInfo: () => call<AppInfo>('app_info'),
  getCouncil: () => call<Council>('get_council'),
  saveCouncil: (input: CouncilInput) => call<Council>('save_council', { input }),
  meetingSeries: (input: MeetingSeriesInput) => call<string[]>('meeting_series', { input }),
  register: (query: RegisterQuery) => call<RegisterPage>('register', { query }),
  getRequest: (id: RequestId) => call<AdviceRequest>('get_request', { id }),
  createRequest: (input: RequestInput) => call<AdviceRequest>('create_request', { input }),
  updateRequest: (id: RequestId, input: RequestInput) => call<AdviceRequest>('update_request', { id, input }),
  addStep: (id: RequestId, input: StepInput) => call<AdviceRequest>('add_step', { id, input }),
  undoStep: (id: RequestId) => call<AdviceRequest>('undo_step', { id }),
  deleteRequest: (id: RequestId) => call<null>('delete_request', { id }),
  /** The start screen: the most urgent requests and the nearest dates, or `all` of them. */
  upcoming: (all = false) => call<Upcoming>('upcoming', { all }),
  loadDemo: () => call<null>('load_demo'),
  openAdvice: (requestId: RequestId) => call<Advice>('open_advice', { requestId }),
  /** Resolves only after the text is committed to the database. */
  saveSection: (save: SectionSave) => call<SectionSaved>('save_section', { save }),
  addSection: (input: NewSection) => call<Advice>('add_section', { new: input }),
  moveSection: (sectionId: SectionId, direction: Direction) => call<Advice>('move_section', { sectionId, direction }),
  removeSection: (sectionId: SectionId) => call<Advice>('remove_section', { sectionId }),
  restoreSection: (sectionId: SectionId) => call<Advice>('restore_section', { sectionId }),
  listRevisions: (sectionId: SectionId) => call<Revision[]>('list_revisions', { sectionId }),
  restoreRevision: (sectionId: SectionId, revisionId: RevisionId, baseVersion: number) =>
    call<Section>('restore_revision', { sectionId, revisionId, baseVersion }),
  compareRevision: (sectionId: SectionId, revisionId: RevisionId) => call<DiffPart[]>('compare_revision', { sectionId, revisionId }),
  /** Sanitized HTML from the core's Markdown renderer (the same one the letter uses). */
  renderPreview: (body: string) => call<Preview>('render_preview', { body }),
  timeline: (query: TimelineQuery) => call<Timeline>('timeline', { query }),
  listTracks: () => call<Track[]>('list_tracks'),
  saveMunicipalities: (list: MunicipalityInput[]) => call<Municipality[]>('save_municipalities', { list }),
  saveTrack: (id: TrackId | null, input: TrackInput) => call<Track>('save_track', { id, input }),
  getMilestone: (id: MilestoneId) => call<Milestone>('get_milestone', { id }),
  createMilestone: (input: MilestoneInput) => call<Milestone>('create_milestone', { input }),
  updateMilestone: (id: MilestoneId, input: MilestoneInput) => call<Milestone>('update_milestone', { id, input }),
  /** `to` as `23-11-2026` or ISO; the milestone keeps its length. */
  moveMilestone: (id: MilestoneId, to: string) => call<Milestone>('move_milestone', { id, to }),
  deleteMilestone: (id: MilestoneId) => call<null>('delete_milestone', { id }),
  importPlanning: (csv: string, target: ImportTarget, goodRowsOnly: boolean) =>
    call<ImportReport>('import_planning', { csv, target, goodRowsOnly }),
  /** Writes the .ics file to the export folder; resolves to its path. */
  saveIcs: (query: TimelineQuery, ids: string[]) => call<string>('save_ics', { query, ids }),
  saveTimelineImage: (svg: string) => call<string>('save_timeline_image', { svg }),
  /** The letter as HTML made (and escaped) by the core, for the preview. */
  letterPreview: (requestId: RequestId) => call<LetterPreview>('letter_preview', { requestId }),
  /** Writes the letter to the export folder; resolves to its path. */
  saveLetter: (requestId: RequestId, format: LetterFormat) => call<string>('save_letter', { requestId, format }),
  /** Asks where to save with the desktop's save dialog; resolves to the path, or null when cancelled. */
  saveLetterAs: (requestId: RequestId, format: LetterFormat) => call<string | null>('save_letter_as', { requestId, format }),
  getLetterDetails: (requestId: RequestId) => call<LetterDetails>('get_letter_details', { requestId }),
  saveLetterDetails: (input: LetterDetailsInput) => call<LetterDetails>('save_letter_details', { input }),
  getLetterhead: () => call<Letterhead>('get_letterhead'),
  saveLetterhead: (input: LetterheadInput) => call<Letterhead>('save_letterhead', { input }),
  /** The logo file's bytes; the core checks it is a PNG or SVG it can draw. */
  saveLogo: (bytes: Uint8Array) => call<Letterhead>('save_logo', { bytes: Array.from(bytes) }),
  removeLogo: () => call<Letterhead>('remove_logo'),
  /** The requests of a year that have advice text: the letters a year's export writes. */
  lettersOfYear: (year: number) => call<YearLetter[]>('letters_of_year', { year }),
  /** Writes one letter of a year's export into the export folder's `brieven-<year>`. */
  saveYearLetter: (requestId: RequestId, format: LetterFormat) => call<string>('save_year_letter', { requestId, format }),
  backups: () => call<BackupOverview>('backups'),
  /** Takes a backup now; resolves to the updated list. */
  makeBackup: () => call<BackupOverview>('make_backup'),
  /** Restores a backup by its file name; resolves to the backup of the state it replaced. */
  restoreBackup: (fileName: BackupName) => call<BackupInfo>('restore_backup', { fileName }),
  /** After a damaged database was set aside at start: what was set aside, and the good backups. */
  recoveryStatus: () => call<Recovery>('recovery_status'),
  recoverFromBackup: (fileName: BackupName) => call<null>('recover_from_backup', { fileName }),
  startEmpty: () => call<null>('start_empty'),
  /** Loads the Dutch dictionary unless it is held (the editors ask); answers the ones in use. */
  enableSpellcheck: () => call<string[]>('enable_spellcheck'),
  /** Lets go of the dictionary (a while after the last editor closed); answers the ones in use. */
  releaseSpellcheck: () => call<string[]>('release_spellcheck'),
  /** Closes the window for real, after a close request was answered by saving. */
  closeWindow: () => call<null>('close_window'),
  /** The user asked to close the window; the app waits for `closeWindow` (or a few seconds). */
  onCloseRequested: (handler: () => void) => follow((e) => e.kind === 'closeRequested' && handler()),
  syncStatus: () => call<SyncStatus>('sync_status'),
  /** One sync round now (the app also runs them by itself while the council is shared). */
  syncNow: () => call<SyncStatus>('sync_now'),
  /** Starts sharing; resolves to the passphrase, to be shown once. */
  shareCouncil: (folder: string, member: string) => call<ShareResult>('share_council', { folder, member }),
  /** `replace`: the user confirmed that this computer's own records are replaced (after a backup). */
  joinCouncil: (folder: string, passphrase: string, member: string, replace: boolean) =>
    call<SyncStatus>('join_council', { folder, passphrase, member, replace }),
  leaveCouncil: (anyway: boolean) => call<SyncStatus>('leave_council', { anyway }),
  syncPassphrase: () => call<string | null>('sync_passphrase'),
  setSyncMember: (member: string) => call<SyncStatus>('set_sync_member', { member }),
  /** The desktop's folder dialog; resolves to the folder, or null when cancelled. */
  chooseSyncFolder: () => call<string | null>('choose_sync_folder'),
  /** Fields two members set while apart: all, or one record's. */
  listConflicts: (table?: string, recordId?: string) =>
    call<FieldConflictView[]>('list_conflicts', { table: table ?? null, recordId: recordId ?? null }),
  /** Settles a field with one of the values standing side by side; resolves to what is left of that record's. */
  chooseConflictValue: (table: string, recordId: string, field: string, choice: number) =>
    call<FieldConflictView[]>('choose_conflict_value', { table, recordId, field, choice }),
  regionStatus: () => call<RegionStatus>('region_status'),
  /** Makes the region's folder; resolves to the passphrase for the other councils. */
  createRegion: (folder: string, councilName: string, municipality: string) =>
    call<RegionCreated>('create_region', { folder, councilName, municipality }),
  joinRegion: (folder: string, passphrase: string, councilName: string, municipality: string) =>
    call<RegionStatus>('join_region', { folder, passphrase, councilName, municipality }),
  regionPassphrase: () => call<string | null>('region_passphrase'),
  listRegionalTexts: () => call<RegionalTextSummary[]>('list_regional_texts'),
  getRegionalText: (id: string) => call<RegionalTextView>('get_regional_text', { id }),
  regionOverview: () => call<RegionOverview>('region_overview'),
  /** "Delen met de regio": a new regional text from this section, which then follows it. */
  shareSection: (sectionId: SectionId, title: string) => call<RegionalTextView>('share_section', { sectionId, title }),
  /** "Regionale tekst gebruiken": this section follows a text of the region. */
  useRegionalText: (sectionId: SectionId, textId: string) => call<null>('use_regional_text', { sectionId, textId }),
  unlinkSection: (sectionId: SectionId) => call<null>('unlink_section', { sectionId }),
  proposeChange: (input: ProposalInput) => call<RegionalTextView>('propose_change', { input }),
  decideProposal: (proposalId: string, accept: boolean) =>
    call<RegionalTextView>('decide_proposal', { proposalId, accept }),
  adoptNewVersion: (sectionId: SectionId) => call<null>('adopt_new_version', { sectionId }),
  keepOwnVersion: (sectionId: SectionId) => call<null>('keep_own_version', { sectionId }),
  /** The regional text with its version and the councils that adopted it, through the save
   *  dialog; resolves to where it went, or null when cancelled. */
  saveRegionalTextAs: (textId: string, format: LetterFormat) =>
    call<string | null>('save_regional_text_as', { textId, format }),
  /** Recommendations, reaction, commitments and follow-up steps of a request. */
  getFollowUp: (requestId: RequestId) => call<FollowUp>('get_follow_up', { requestId }),
  /** Reads the recommendations from the advice text again (refused once outcomes are recorded). */
  extractRecommendations: (requestId: RequestId) => call<FollowUp>('extract_recommendations', { requestId }),
  updateRecommendation: (id: string, input: RecommendationInput) =>
    call<FollowUp>('update_recommendation', { id, input }),
  /** Joins the recommendation with the one after it. */
  mergeRecommendation: (id: string) => call<FollowUp>('merge_recommendation', { id }),
  /** Splits the recommendation's text at a character. */
  splitRecommendation: (id: string, at: number) => call<FollowUp>('split_recommendation', { id, at }),
  /** `letter`: the college's letter file (name and bytes), or null to keep the one attached. */
  recordReaction: (requestId: RequestId, input: ReactionInput, letter: { name: string; bytes: Uint8Array } | null) =>
    call<FollowUp>('record_reaction', {
      requestId,
      input,
      letterName: letter?.name ?? null,
      letter: letter ? Array.from(letter.bytes) : null,
    }),
  /** Writes the college's letter to the export folder; resolves to its path. */
  saveReactionLetter: (requestId: RequestId) => call<string>('save_reaction_letter', { requestId }),
  /** `days` empty: the council's term. */
  setReactionTerm: (requestId: RequestId, days: string) => call<FollowUp>('set_reaction_term', { requestId, days }),
  saveCommitment: (requestId: RequestId, id: string | null, input: CommitmentInput) =>
    call<FollowUp>('save_commitment', { requestId, id, input }),
  deleteCommitment: (id: string) => call<FollowUp>('delete_commitment', { id }),
  recordFollowUp: (requestId: RequestId, input: FollowUpInput) => call<FollowUp>('record_follow_up', { requestId, input }),
  deleteFollowUp: (id: string) => call<FollowUp>('delete_follow_up', { id }),
  /** Writes the reminder letter to the export folder; resolves to its path. */
  saveReminder: (requestId: RequestId, format: LetterFormat) => call<string>('save_reminder', { requestId, format }),
  /** The reminder through the desktop's save dialog; resolves to the path, or null when cancelled. */
  saveReminderAs: (requestId: RequestId, format: LetterFormat) =>
    call<string | null>('save_reminder_as', { requestId, format }),
  /** The annual report through the desktop's save dialog; resolves to the path, or null when cancelled. */
  saveAnnualReportAs: (year: number, format: LetterFormat) =>
    call<string | null>('save_annual_report_as', { year, format }),
  annualReport: (year: number) => call<AnnualReport>('annual_report', { year }),
  saveReportTexts: (year: number, input: ReportTextsInput) => call<AnnualReport>('save_report_texts', { year, input }),
  /** Writes the annual report to the export folder; resolves to its path. */
  saveAnnualReport: (year: number, format: LetterFormat) => call<string>('save_annual_report', { year, format }),
  /** Writes the year's public advice as a website folder in the export folder. */
  publishYear: (year: number) => call<Publication>('publish_year', { year }),
  /** After every background round whose status changed. */
  onSyncStatus: (handler: (s: SyncStatus) => void) => follow((e) => e.kind === 'syncStatus' && handler(e.status)),
  /** Other members' changes were taken in: open screens reload. */
  onSyncChanged: (handler: (s: SyncStatus) => void) => follow((e) => e.kind === 'syncChanged' && handler(e.status)),
};
