import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { audioMode, deleteTrack, importMembers, playlistTracks, previewSpeech, printTestTicket, readSettings, rollbackSettings, saveSettings, settingsHistory, uploadTrack, type ConfigChange, type SettingsRefusal, type MemberImport, type PrinterTest, type SettingsVersion, type SettingsView, type Track } from '../api/settings.js';
import type { Bilingual } from '../api/types.js';
import { locale, primary, secondary } from '../i18n/index.js';
import { SubscriptionController, watch } from '../lib/subscription-controller.js';
import { tokens } from '../styles/shared.js';
import '../components/big-button.js';

type Json = Record<string, unknown>;
type Path = (string | number)[];

/** The sections a hall changes after installation, each a set of config keys (docs/config.md). */
const sections: { id: string; title: Bilingual; paths: Path[] }[] = [
  { id: 'site', title: { zh: '场馆与营业时间', en: 'Site & hours' }, paths: [['site', 'name'], ['hours', 'weekly'], ['hours', 'holidays']] },
  { id: 'services', title: { zh: '服务', en: 'Services' }, paths: [['services']] },
  { id: 'counters', title: { zh: '窗口', en: 'Counters' }, paths: [['counters']] },
  { id: 'staff', title: { zh: '员工', en: 'Staff' }, paths: [['staff']] },
  { id: 'classes', title: { zh: '课程表', en: 'Class timetable' }, paths: [['classes']] },
  { id: 'music', title: { zh: '音乐时段与音量', en: 'Music & volumes' }, paths: [['audio', 'dayparts'], ['audio', 'playlists'], ['audio', 'quietFrom']] },
  { id: 'texts', title: { zh: '广播文本', en: 'Announcement texts' }, paths: [['audio', 'announcements'], ['audio', 'speech', 'callText']] },
  { id: 'keys', title: { zh: '钥匙手牌', en: 'Key inventory' }, paths: [['keys']] },
  { id: 'devices', title: { zh: '设备', en: 'Devices' }, paths: [['devices']] },
  { id: 'members', title: { zh: '会员导入', en: 'Member import' }, paths: [] },
];

const text = {
  title: { zh: '设置', en: 'Settings' },
  save: { zh: '保存', en: 'Save' },
  saved: { zh: '已保存并生效', en: 'Saved and in force' },
  restart: { zh: '以下设置需重启后生效：', en: 'These take effect after a restart:' },
  undo: { zh: '放弃修改', en: 'Discard changes' },
  history: { zh: '历史与回滚', en: 'History & rollback' },
  rollback: { zh: '回滚到此版本', en: 'Roll back to this' },
  add: { zh: '添加', en: 'Add' },
  remove: { zh: '删除', en: 'Remove' },
  pinSet: { zh: '已设置密码', en: 'PIN set' },
  pinReset: { zh: '重置密码', en: 'Reset PIN' },
  pinPending: { zh: '待本人下次登录时设置', en: 'chosen by the person at their next login' },
  invalid: { zh: '有设置不正确，请看标红的字段', en: 'Some values are not valid: see the fields in red' },
  conflictTitle: { zh: '配置文件已被他人修改', en: 'The config file changed since you opened it' },
  conflictHint: { zh: '下表是您的修改与文件当前内容的差异。', en: 'Below: how your version differs from the file as it is now.' },
  keepMine: { zh: '以我的为准再次保存', en: 'Save mine over it' },
  takeTheirs: { zh: '放弃我的，载入文件版本', en: 'Discard mine, load the file' },
  yours: { zh: '我的', en: 'Mine' },
  theirs: { zh: '文件当前', en: 'File now' },
  managersOnly: { zh: '只有经理可以修改设置', en: 'Only managers can change the settings' },
  byFile: { zh: '手工修改文件', en: 'edited in the file' },
  kinds: { initial: { zh: '初始', en: 'initial' }, save: { zh: '保存', en: 'saved' }, rollback: { zh: '回滚', en: 'rollback' }, file: { zh: '文件', en: 'file' } },
  tracks: { zh: '曲目', en: 'Tracks' },
  upload: { zh: '上传音频文件', en: 'Upload an audio file' },
  fileOnly: { zh: '仅能在配置文件中修改（需重启）：http、mqtt、dataDir。', en: 'Only in the file (restart needed): http, mqtt, dataDir.' },
  preview: { zh: '试听', en: 'Preview' },
  speaking: { zh: '正在播放…', en: 'Playing…' },
  spoken: { zh: '已播放', en: 'Played' },
  notSpoken: { zh: '未能播放', en: 'Not played' },
  testPrint: { zh: '打印测试票', en: 'Print a test ticket' },
  printing: { zh: '正在打印…', en: 'Printing…' },
  printerState: { zh: '打印机状态', en: 'Printer status' },
  importTitle: { zh: '导入会员卡（CSV 文件）', en: 'Import member cards (CSV file)' },
  importHint: {
    zh: '列：card,name,status,valid_until,suspended_from,suspended_to（第一行为表头）。可从U盘选择文件。导入的文件替换上次导入的会员卡。',
    en: 'Columns: card,name,status,valid_until,suspended_from,suspended_to (header first). The file may be on a USB stick. It replaces the cards imported last time.',
  },
  chooseCsv: { zh: '选择 CSV 文件', en: 'Choose a CSV file' },
  imported: { zh: '已导入', en: 'Imported' },
  importFatal: { zh: '文件无法导入，会员卡未作任何更改', en: 'The file could not be imported; no card was changed' },
  rowErrors: { zh: '以下行未导入', en: 'These rows were not imported' },
  line: { zh: '行', en: 'Line' },
  card: { zh: '卡号', en: 'Card' },
  problem: { zh: '问题', en: 'Problem' },
};

/** The counts of an import, zh-CN first. */
const importCounts = (r: MemberImport) => `新增 ${r.added} · 更新 ${r.updated} · 移除 ${r.removed} · 未变 ${r.unchanged} — added ${r.added}, updated ${r.updated}, removed ${r.removed}, unchanged ${r.unchanged}`;

const both = (t: Bilingual) => html`${primary(t)} <small>${secondary(t)}</small>`;

/** `/settings` (managers): the config file edited section by section, validated, saved live, with history. */
@customElement('settings-screen')
export class SettingsScreen extends LitElement {
  @property({ attribute: false }) params: Record<string, string> = {};
  @state() private _view: SettingsView | null = null;
  @state() private _draft: Json = {};
  @state() private _section = 'site';
  @state() private _errors = new Map<string, string>();
  @state() private _notice: { kind: 'ok' | 'error'; text: string; list?: string[] } | null = null;
  @state() private _conflict: SettingsRefusal | null = null;
  @state() private _versions: SettingsVersion[] = [];
  @state() private _busy = false;
  @state() private _tracks: Record<string, Track[]> = {};
  @state() private _trackError: Record<string, string> = {};
  /** The text being previewed (its key path) and what came of the last preview, by path. */
  @state() private _speaking: string | null = null;
  @state() private _spoken: Record<string, { ok: boolean; text: string }> = {};
  @state() private _printing = false;
  @state() private _printed: PrinterTest | null = null;
  @state() private _import: MemberImport | null = null;
  @state() private _importError = '';

  static override styles = [
    tokens,
    css`
      :host { display: block; padding: 12px 20px 40px; }
      h2 { margin: 0 0 10px; font-size: 28px; }
      small { color: var(--fd-muted); font-weight: 400; font-size: 0.8em; }
      big-button small, .tabs button small { color: inherit; opacity: 0.85; }
      .tabs { display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 12px; }
      .tabs button { font: inherit; font-size: 17px; min-height: var(--fd-touch); padding: 4px 14px; border-radius: 999px; border: 2px solid #cbd5e1; background: #fff; cursor: pointer; }
      .tabs button[aria-selected='true'] { background: var(--fd-primary); border-color: var(--fd-primary); color: #fff; }
      .tabs button[aria-selected='true'] small { color: #dbeafe; }
      .bar { display: flex; gap: 12px; align-items: center; margin: 8px 0 14px; flex-wrap: wrap; }
      .notice { padding: 10px 16px; border-radius: 12px; font-size: 18px; margin-bottom: 12px; }
      .notice.ok { background: #dcfce7; color: #14532d; }
      .notice.error { background: #fee2e2; color: #7f1d1d; }
      fieldset { border: 1px solid #d1d5db; border-radius: 12px; margin: 0 0 10px; padding: 6px 12px 10px; background: var(--fd-surface); }
      legend { font-weight: 700; padding: 0 6px; }
      .row { display: grid; grid-template-columns: 200px 1fr; gap: 10px; align-items: center; margin: 4px 0; }
      .row label { font-size: 16px; color: var(--fd-muted); overflow-wrap: anywhere; }
      input[type='text'], input[type='number'] { font: inherit; font-size: 18px; padding: 6px 10px; border-radius: 8px; border: 2px solid #d1d5db; min-height: var(--fd-touch); width: 100%; box-sizing: border-box; }
      input[type='checkbox'] { width: 28px; height: 28px; }
      .invalid input { border-color: var(--fd-danger); background: #fef2f2; }
      .field-error { grid-column: 2; color: var(--fd-danger); font-size: 15px; }
      .item { position: relative; }
      .item-actions { display: flex; gap: 8px; justify-content: flex-end; }
      .list-error { color: var(--fd-danger); font-size: 15px; }
      .days { display: flex; flex-wrap: wrap; gap: 8px; }
      button.day { font: inherit; font-size: 17px; min-height: var(--fd-touch); min-width: 88px; border-radius: 10px; border: 2px solid #cbd5e1; background: #fff; cursor: pointer; }
      button.day[aria-pressed='true'] { background: var(--fd-primary); border-color: var(--fd-primary); color: #fff; }
      button.day small { color: inherit; opacity: 0.85; }
      button.small { font: inherit; font-size: 15px; min-height: var(--fd-touch); padding: 2px 12px; border-radius: 8px; border: 1px solid #9ca3af; background: #f9fafb; cursor: pointer; }
      button.danger { border-color: var(--fd-danger); color: var(--fd-danger); }
      .pin { display: flex; gap: 12px; align-items: center; }
      table { border-collapse: collapse; width: 100%; font-size: 16px; background: var(--fd-surface); }
      td, th { border-bottom: 1px solid #e5e7eb; padding: 6px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
      .before { color: #991b1b; text-decoration: line-through; } .after { color: #166534; }
      .version { border: 1px solid #d1d5db; border-radius: 12px; padding: 8px 12px; margin-bottom: 10px; background: var(--fd-surface); }
      .version header { display: flex; gap: 14px; align-items: center; flex-wrap: wrap; font-size: 17px; }
      .version header .grow { flex: 1; }
      .conflict { border: 3px solid var(--fd-warn); border-radius: 14px; padding: 10px 14px; background: #fffbeb; margin-bottom: 14px; }
      .file-only { color: var(--fd-muted); font-size: 15px; margin-top: 16px; }
      legend { display: flex; gap: 10px; align-items: center; }
      button.play { font: inherit; font-size: 16px; min-height: var(--fd-touch); min-width: var(--fd-touch); padding: 2px 14px; border-radius: 999px; border: 2px solid var(--fd-primary); color: var(--fd-primary); background: #fff; cursor: pointer; }
      button.play small { color: inherit; opacity: 0.85; }
      button.play[disabled] { opacity: 0.45; cursor: default; }
      button.play.playing { opacity: 1; background: var(--fd-primary); color: #fff; }
      .spoken { font-size: 15px; margin: 2px 0 6px; } .spoken.bad { color: var(--fd-danger); }
      .tool { border: 1px solid #d1d5db; border-radius: 12px; padding: 10px 14px; margin-bottom: 12px; background: var(--fd-surface); }
      .tool p { margin: 6px 0; font-size: 16px; }
      .advice { font-size: 18px; font-weight: 600; } .advice.bad { color: var(--fd-danger); } .advice.good { color: #166534; }
      label.pick { position: relative; display: inline-flex; margin: 6px 0; align-items: center; min-height: var(--fd-touch); padding: 6px 20px; border-radius: 12px; background: var(--fd-primary); color: #fff; font-size: 18px; cursor: pointer; }
      label.pick small { color: inherit; opacity: 0.9; }
      .tool h3 { margin: 4px 0; }
      label.pick input { position: absolute; opacity: 0; width: 1px; height: 1px; }
    `,
  ];

  constructor() {
    super();
    watch(this, locale);
    new SubscriptionController(this, () => {
      void this._load();
      return () => {};
    });
  }

  private async _load(): Promise<void> {
    const answer = await readSettings();
    if (!answer.ok) return this._refused(answer.refusal);
    this._view = answer.value;
    this._draft = structuredClone(answer.value.config);
    this._errors = new Map();
    this._conflict = null;
  }

  private async _loadHistory(): Promise<void> {
    const answer = await settingsHistory();
    if (answer.ok) this._versions = answer.value.versions;
    else this._refused(answer.refusal);
  }

  private _refused(refusal: SettingsRefusal): void {
    const message = refusal.status === 403 ? `${text.managersOnly.zh} · ${text.managersOnly.en}` : refusal.message;
    this._notice = { kind: 'error', text: message };
  }

  private async _save(version = this._view?.version): Promise<void> {
    if (!version || this._busy) return;
    this._busy = true;
    this._notice = null;
    try {
      // A field left empty means "not set" (a holiday without hours is closed all day), unless the file has it empty.
      const answer = await saveSettings(version, withoutBlanks(this._draft, this._view?.config ?? {}) as Json);
      if (answer.ok) {
        const restart = answer.value.restartNeeded;
        await this._load();
        this._notice = { kind: 'ok', text: `${text.saved.zh} · ${text.saved.en}`, list: restart.length ? [`${text.restart.zh} ${text.restart.en}`, ...restart] : undefined };
        if (this._section === 'history') await this._loadHistory();
        if (this._section === 'music') await this._loadTracks();
        return;
      }
      const refusal = answer.refusal;
      if (refusal.code === 'invalid_config') {
        this._errors = new Map((refusal.issues ?? []).map((i) => [i.path, i.message]));
        this._notice = { kind: 'error', text: `${text.invalid.zh} · ${text.invalid.en}`, list: (refusal.issues ?? []).map((i) => `${i.path}: ${i.message}`) };
      } else if (refusal.code === 'settings_conflict') {
        this._conflict = refusal;
        this._notice = null;
      } else this._refused(refusal);
    } finally {
      this._busy = false;
    }
  }

  private async _rollback(version: string): Promise<void> {
    const answer = await rollbackSettings(version);
    if (!answer.ok) return this._refused(answer.refusal);
    await this._load();
    await this._loadHistory();
    this._notice = { kind: 'ok', text: `${text.saved.zh} · ${text.saved.en}` };
  }

  private _select(id: string): void {
    this._section = id;
    this._notice = null; // the last save's notice belongs to the view it was made in
    if (id === 'history') void this._loadHistory();
    if (id === 'music') void this._loadTracks();
  }

  /** The saved playlists' files (a playlist added in the draft has its folder once saved). */
  private async _loadTracks(): Promise<void> {
    const playlists = Object.keys((get(this._view?.effective ?? {}, ['audio', 'playlists']) as Json | undefined) ?? {});
    const entries = await Promise.all(playlists.map(async (p) => [p, await playlistTracks(p)] as const));
    this._tracks = Object.fromEntries(entries.map(([p, answer]) => [p, answer.ok ? answer.value.tracks : []]));
  }

  private async _upload(playlist: string, input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file) return;
    const answer = await uploadTrack(playlist, file);
    input.value = '';
    this._trackError = { ...this._trackError, [playlist]: answer.ok ? '' : answer.refusal.message };
    await this._loadTracks();
  }

  private async _deleteTrack(playlist: string, file: string): Promise<void> {
    const answer = await deleteTrack(playlist, file);
    this._trackError = { ...this._trackError, [playlist]: answer.ok ? '' : answer.refusal.message };
    await this._loadTracks();
  }

  private _tracksView() {
    return Object.entries(this._tracks).map(
      ([playlist, tracks]) => html`<fieldset data-playlist=${playlist}>
        <legend>${primary(text.tracks)} <small>${secondary(text.tracks)}</small> · ${playlist}</legend>
        ${tracks.map(
          (t) => html`<div class="row"><label>${t.file}</label><div class="pin">${Math.round(t.bytes / 1024)} KB
            <button class="small danger" data-delete-track=${t.file} @click=${() => void this._deleteTrack(playlist, t.file)}>${primary(text.remove)} ${secondary(text.remove)}</button></div></div>`,
        )}
        <label class="pick">＋ ${primary(text.upload)}&nbsp;<small>${secondary(text.upload)}</small>
          <input type="file" accept="audio/*" data-upload=${playlist} @change=${(e: Event) => void this._upload(playlist, e.target as HTMLInputElement)} /></label>
        ${this._trackError[playlist] ? html`<div class="list-error" data-track-error=${playlist}>${this._trackError[playlist]}</div>` : nothing}
      </fieldset>`,
    );
  }

  override render() {
    return html`
      <h2>${both(text.title)}</h2>
      <nav class="tabs" role="tablist">
        ${[...sections, { id: 'history', title: text.history }].map(
          (s) => html`<button role="tab" data-section=${s.id} aria-selected=${this._section === s.id} @click=${() => this._select(s.id)}>${both(s.title)}</button>`,
        )}
      </nav>
      ${this._notice
        ? html`<div class="notice ${this._notice.kind}" role="status">${this._notice.text}${this._notice.list ? html`<ul>${this._notice.list.map((l) => html`<li>${l}</li>`)}</ul>` : nothing}</div>`
        : nothing}
      ${this._conflict ? this._conflictView(this._conflict) : nothing}
      ${this._section === 'history' ? this._historyView() : this._sectionView()}
    `;
  }

  private _sectionView() {
    if (!this._view) return nothing;
    const section = sections.find((s) => s.id === this._section)!;
    if (section.id === 'members') return this._membersView();
    return html`
      <div class="bar">
        <big-button data-action="save" ?disabled=${this._busy} @click=${() => void this._save()}>${both(text.save)}</big-button>
        <big-button variant="neutral" @click=${() => void this._load()}>${both(text.undo)}</big-button>
      </div>
      ${section.id === 'devices' ? this._printerTool() : nothing}
      ${section.paths.map((path) => this._field(path, this._valueAt(path)))}
      ${section.id === 'music' ? this._tracksView() : nothing}
      <p class="file-only">${text.fileOnly.zh}<br />${text.fileOnly.en}</p>
    `;
  }

  /** The draft's value, or the value in force (defaults) where the file does not set it. */
  private _valueAt(path: Path): unknown {
    const own = get(this._draft, path);
    const inForce = get(this._view?.effective ?? {}, path);
    return own === undefined ? inForce : withDefaults(own, inForce);
  }

  private _field(path: Path, value: unknown): TemplateResult {
    const key = path.join('.');
    const label = String(path[path.length - 1]);
    const named = keyNames[label] ? html`${keyNames[label]} <small>${label}</small>` : label;
    const error = this._errors.get(key);
    if (path[0] === 'staff' && path.length === 3 && path[2] === 'pinHash') return this._pinField(path, error);
    if (Array.isArray(value) && path[0] === 'classes' && path[2] === 'days') return this._daysField(path, value as string[], error);
    if (Array.isArray(value)) {
      return html`<fieldset data-path=${key}>
        <legend>${named}</legend>
        ${error ? html`<div class="list-error">${error}</div>` : nothing}
        ${value.map(
          (item, i) => html`<div class="item">
            ${this._field([...path, i], item)}
            <div class="item-actions"><button class="small danger" data-remove=${`${key}.${i}`} @click=${() => this._removeAt(path, i)}>${primary(text.remove)} ${secondary(text.remove)}</button></div>
          </div>`,
        )}
        <button class="small" data-add=${key} @click=${() => this._addTo(path, value)}>＋ ${primary(text.add)} ${secondary(text.add)}</button>
      </fieldset>`;
    }
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Json);
      if (path[0] === 'staff' && path.length === 2 && !('pinHash' in (value as Json))) entries.push(['pinHash', undefined]);
      // An entry of a list also offers the keys it does not set yet (a holiday's hours, a class's cancellations).
      const shape = typeof path[path.length - 1] === 'number' ? itemShapes[path.slice(0, -1).map((p) => (typeof p === 'number' ? '*' : p)).join('.')] : undefined;
      if (isObject(shape)) for (const [k, v] of Object.entries(shape)) if (!(k in (value as Json))) entries.push([k, structuredClone(v)]);
      const spoken = path[0] === 'audio' && isBilingual(value);
      const said = this._spoken[key];
      return html`<fieldset data-path=${key}>
        <legend>${typeof path[path.length - 1] === 'number' ? `#${Number(label) + 1}` : named}
          ${spoken
            ? html`<button class="play ${this._speaking === key ? 'playing' : ''}" data-preview=${key} ?disabled=${this._speaking !== null} @click=${() => void this._preview(key, value)}>
                ${this._speaking === key ? html`■ ${primary(text.speaking)} <small>${secondary(text.speaking)}</small>` : html`▶ ${primary(text.preview)} <small>${secondary(text.preview)}</small>`}
              </button>`
            : nothing}
        </legend>
        ${said ? html`<div class="spoken ${said.ok ? '' : 'bad'}" data-spoken=${key}>${said.text}</div>` : nothing}
        ${error ? html`<div class="list-error">${error}</div>` : nothing}
        ${entries.map(([k, v]) => this._field([...path, k], v))}
        ${key === 'audio.playlists' ? this._addPlaylist(path) : nothing}
      </fieldset>`;
    }
    const input =
      typeof value === 'boolean'
        ? html`<input type="checkbox" data-path=${key} .checked=${value} @change=${(e: Event) => this._set(path, (e.target as HTMLInputElement).checked)} />`
        : html`<input
            type=${typeof value === 'number' ? 'number' : 'text'}
            data-path=${key}
            .value=${value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value)}
            @input=${(e: Event) => {
              const raw = (e.target as HTMLInputElement).value;
              this._set(path, typeof value === 'number' && raw.trim() !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw);
            }}
          />`;
    return html`<div class="row ${error ? 'invalid' : ''}">
      <label>${named}</label>${input}${error ? html`<div class="field-error" data-error-for=${key}>${error}</div>` : nothing}
    </div>`;
  }

  /**
   * Says the draft's text once through the hall's speaker (examples in its placeholders); the button
   * shows it playing until the speaker leaves its announcement.
   */
  private async _preview(key: string, value: { zh: string; en: string }): Promise<void> {
    this._speaking = key;
    try {
      const answer = await previewSpeech({ zh: value.zh, en: value.en });
      if (!answer.ok) {
        this._spoken = { ...this._spoken, [key]: { ok: false, text: answer.refusal.message } };
        return;
      }
      const { outcome, reason, text: said } = answer.value;
      if (outcome === 'playing') for (let i = 0; i < 120 && (await audioMode()) === 'announcement'; i++) await sleep(500);
      const ok = outcome === 'playing' || outcome === 'played';
      const why = reason === 'quiet_hours' ? '静音时段 · quiet hours' : (reason ?? outcome);
      const line = ok ? `${text.spoken.zh} · ${text.spoken.en}: ${said.zh} / ${said.en}` : `${text.notSpoken.zh} · ${text.notSpoken.en} (${why})`;
      this._spoken = { ...this._spoken, [key]: { ok, text: line } };
    } finally {
      this._speaking = null;
    }
  }

  private async _testPrint(): Promise<void> {
    this._printing = true;
    try {
      const answer = await printTestTicket();
      if (answer.ok) this._printed = answer.value;
      else this._refused(answer.refusal);
    } finally {
      this._printing = false;
    }
  }

  private _printerTool(): TemplateResult {
    const result = this._printed;
    return html`<section class="tool" data-printer-test>
      <big-button data-action="test-print" ?disabled=${this._printing} @click=${() => void this._testPrint()}>${both(this._printing ? text.printing : text.testPrint)}</big-button>
      ${result
        ? html`<p class="advice ${result.printed ? 'good' : 'bad'}" data-advice>${result.advice.zh}<br /><small>${result.advice.en}</small></p>
            <p>${primary(text.printerState)} <small>${secondary(text.printerState)}</small>: <strong>${result.printer.state}</strong> — ${result.reason ?? result.printer.detail}</p>`
        : nothing}
    </section>`;
  }

  private async _importCsv(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file) return;
    const answer = await importMembers(file);
    input.value = '';
    this._import = answer.ok ? answer.value : null;
    this._importError = answer.ok ? '' : answer.refusal.message;
  }

  private _membersView(): TemplateResult {
    const r = this._import;
    return html`<section class="tool" data-member-import>
      <h3>${both(text.importTitle)}</h3>
      <p>${primary(text.importHint)}<br /><small>${secondary(text.importHint)}</small></p>
      <label class="pick">${primary(text.chooseCsv)}&nbsp;<small>${secondary(text.chooseCsv)}</small>
        <input type="file" accept=".csv,text/csv" data-import-csv @change=${(e: Event) => void this._importCsv(e.target as HTMLInputElement)} /></label>
      ${this._importError ? html`<p class="advice bad">${this._importError}</p>` : nothing}
      ${r
        ? html`<p class="advice ${r.fatal ? 'bad' : 'good'}" data-import-result>${r.fatal ? both(text.importFatal) : html`${both(text.imported)}: ${importCounts(r)}`}</p>
            ${r.errors.length
              ? html`<h4>${both(text.rowErrors)}</h4>
                  <table data-row-errors>
                    <tr><th>${both(text.line)}</th><th>${both(text.card)}</th><th>${both(text.problem)}</th></tr>
                    ${r.errors.map((e) => html`<tr data-row=${e.line}><td>${e.line}</td><td>${e.card ?? '—'}</td><td>${e.message}</td></tr>`)}
                  </table>`
              : nothing}`
        : nothing}
    </section>`;
  }

  /** A class's weekdays as seven toggles (in week order, whatever order they were tapped in). */
  private _daysField(path: Path, days: string[], error: string | undefined): TemplateResult {
    const key = path.join('.');
    const toggle = (day: string) => this._set(path, weekdays.map((d) => d.id).filter((d) => (d === day ? !days.includes(d) : days.includes(d))));
    return html`<div class="row ${error ? 'invalid' : ''}">
      <label>${keyNames.days} <small>days</small></label>
      <div class="days" data-path=${key}>
        ${weekdays.map((d) => html`<button class="day" data-day=${d.id} aria-pressed=${days.includes(d.id)} @click=${() => toggle(d.id)}>${primary(d)} <small>${secondary(d)}</small></button>`)}
      </div>
      ${error ? html`<div class="field-error" data-error-for=${key}>${error}</div>` : nothing}
    </div>`;
  }

  /** Playlists are named by the hall: a name, and its folder next to the config file. */
  private _addPlaylist(path: Path): TemplateResult {
    let name = '';
    return html`<div class="row"><input type="text" data-new-playlist placeholder="light" @input=${(e: Event) => (name = (e.target as HTMLInputElement).value.trim())} />
      <button class="small" data-add-playlist @click=${() => name && this._set([...path, name], `./music/${name}`)}>＋ ${primary(text.add)} ${secondary(text.add)}</button></div>`;
  }

  private _pinField(path: Path, error: string | undefined): TemplateResult {
    const set = get(this._draft, path) !== undefined;
    return html`<div class="row ${error ? 'invalid' : ''}">
      <label>PIN</label>
      <div class="pin">
        ${set
          ? html`<span>${primary(text.pinSet)} <small>${secondary(text.pinSet)}</small></span>
              <button class="small danger" data-reset-pin=${String(get(this._draft, [...path.slice(0, 2), 'number']))} @click=${() => this._removeKey(path)}>${primary(text.pinReset)} ${secondary(text.pinReset)}</button>`
          : html`<span>${primary(text.pinPending)} <small>${secondary(text.pinPending)}</small></span>`}
      </div>
      ${error ? html`<div class="field-error">${error}</div>` : nothing}
    </div>`;
  }

  private _set(path: Path, value: unknown): void {
    this._draft = setIn(structuredClone(this._draft), path, value, this._view?.effective ?? {});
    this._errors.delete(path.join('.'));
  }

  private _removeKey(path: Path): void {
    const draft = structuredClone(this._draft);
    const parent = get(draft, path.slice(0, -1)) as Json | undefined;
    if (parent) delete parent[String(path[path.length - 1])];
    this._draft = draft;
  }

  private _removeAt(path: Path, index: number): void {
    const list = [...((this._valueAt(path) as unknown[]) ?? [])];
    list.splice(index, 1);
    this._set(path, list);
  }

  /**
   * A new entry: the list's own shape where it has one (with the optional keys a hall fills, e.g. a
   * holiday's hours), else the last entry blanked. A staff member starts without a PIN.
   */
  private _addTo(path: Path, list: unknown[]): void {
    const shape = itemShapes[path.map((p) => (typeof p === 'number' ? '*' : p)).join('.')];
    const last = list.length ? blank(list[list.length - 1]) : undefined;
    const template = isObject(shape) && isObject(last) ? { ...structuredClone(shape), ...last } : structuredClone(last ?? shape ?? '');
    if (path[0] === 'staff' && isObject(template)) delete template.pinHash;
    this._set(path, [...list, template]);
  }

  private _changesTable(changes: readonly ConfigChange[], labels: [Bilingual, Bilingual] = [{ zh: '之前', en: 'Before' }, { zh: '之后', en: 'After' }]) {
    return html`<table>
      <tr><th>${primary({ zh: '设置项', en: 'Setting' })}</th><th>${primary(labels[0])}</th><th>${primary(labels[1])}</th></tr>
      ${changes.map((c) => html`<tr><td>${c.path}</td><td class="before">${c.before ?? '—'}</td><td class="after">${c.after ?? '—'}</td></tr>`)}
    </table>`;
  }

  private _conflictView(conflict: SettingsRefusal) {
    return html`<section class="conflict" data-conflict>
      <h3>${both(text.conflictTitle)}</h3>
      <p>${primary(text.conflictHint)} <small>${secondary(text.conflictHint)}</small></p>
      ${this._changesTable(conflict.changes ?? [], [text.yours, text.theirs])}
      <div class="bar">
        <big-button variant="warn" data-action="keep-mine" @click=${() => void this._save(conflict.current?.version)}>${both(text.keepMine)}</big-button>
        <big-button variant="neutral" data-action="take-theirs" @click=${() => void this._load()}>${both(text.takeTheirs)}</big-button>
      </div>
    </section>`;
  }

  private _historyView() {
    // Times as the hall's clock shows them, wherever the browser is.
    const siteZone = (get(this._view?.effective ?? {}, ['site', 'timezone']) as string | undefined) ?? undefined;
    return html`${this._versions.map(
      (v, i) => html`<article class="version" data-version=${v.version}>
        <header>
          <strong>${new Date(v.at).toLocaleString(locale.get() === 'en' ? 'en-GB' : 'zh-CN', { timeZone: siteZone })}</strong>
          <span>${v.by === 'file' ? both(text.byFile) : html`${primary({ zh: '工号', en: 'Staff' })} ${v.by}`}</span>
          <span class="grow">${both(text.kinds[v.kind])} · ${v.version}</span>
          ${i > 0 ? html`<button class="small" data-rollback=${v.version} @click=${() => void this._rollback(v.version)}>${primary(text.rollback)} ${secondary(text.rollback)}</button>` : nothing}
        </header>
        ${v.changes.length ? this._changesTable(v.changes) : nothing}
      </article>`,
    )}`;
  }
}

/** Chinese names of the keys a hall edits most; the key itself follows (it is what docs/config.md lists). */
const keyNames: Record<string, string> = {
  name: '名称', zh: '中文', en: '英文', id: '编号', letter: '字母', counters: '办理窗口', priority: '优先', complaints: '投诉',
  defaultServiceSec: '默认办理秒数', targetWaitMin: '目标等候分钟', weekly: '每周', holidays: '节假日', date: '日期', open: '开门', close: '关门',
  mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日',
  number: '工号', roles: '角色', active: '在职', at: '时间', room: '地点', days: '星期', cancelled: '停课日期', seats: '座位',
  playlists: '歌单', dayparts: '音乐时段', from: '从', to: '到', playlist: '歌单', volume: '音量', quietFrom: '静音开始',
  announcements: '广播', closingText: '闭馆广播', classText: '课程广播', callText: '叫号广播', closingLeadMinutes: '闭馆前提前分钟',
  classLeadMinutes: '课前提前分钟', repeat: '重复次数', gapMinutes: '间隔分钟', dropStaleAfterMinutes: '过时丢弃分钟',
  printer: '打印机', panels: '按键面板', audio: '音响', kind: '类型', path: '端口', baud: '波特率', category: '类别', label: '标签', prefix: '前缀', digits: '位数',
};

const weekdays = [
  { id: 'mon', zh: '周一', en: 'Mon' },
  { id: 'tue', zh: '周二', en: 'Tue' },
  { id: 'wed', zh: '周三', en: 'Wed' },
  { id: 'thu', zh: '周四', en: 'Thu' },
  { id: 'fri', zh: '周五', en: 'Fri' },
  { id: 'sat', zh: '周六', en: 'Sat' },
  { id: 'sun', zh: '周日', en: 'Sun' },
];

/** The shape of a new entry of a list, by its key path (`*` for an index): every key a hall may fill. */
const bilingualBlank = { zh: '', en: '' };
const itemShapes: Record<string, unknown> = {
  'hours.holidays': { date: '', name: '', open: '', close: '' },
  services: { id: '', letter: '', name: bilingualBlank, counters: [], defaultServiceSec: 300 },
  counters: { id: '', name: bilingualBlank },
  staff: { number: '', name: '', roles: [] },
  classes: { name: bilingualBlank, days: [], at: '', room: bilingualBlank, cancelled: [] },
  'audio.dayparts': { from: '', to: '', playlist: '', volume: 50 },
};

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The draft without the empty strings the hall left in object keys (kept where the file itself has ""). */
function withoutBlanks(value: unknown, file: unknown): unknown {
  if (Array.isArray(value)) return value.map((v, i) => withoutBlanks(v, Array.isArray(file) ? file[i] : undefined));
  if (!isObject(value)) return value;
  const own = isObject(file) ? file : {};
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k, v]) => v !== '' || own[k] === '')
      .map(([k, v]) => [k, withoutBlanks(v, own[k])]),
  );
}

/** The file's keys, with the keys it leaves to their defaults shown too (objects only: a list is the file's). */
function withDefaults(own: unknown, inForce: unknown): unknown {
  if (!isObject(own) || !isObject(inForce)) return own;
  return Object.fromEntries([...Object.entries(own).map(([k, v]) => [k, withDefaults(v, inForce[k])]), ...Object.entries(inForce).filter(([k]) => !(k in own))]);
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** An announcement or call text: `{zh, en}`. */
function isBilingual(value: unknown): value is { zh: string; en: string } {
  return value !== null && typeof value === 'object' && typeof (value as Json).zh === 'string' && typeof (value as Json).en === 'string';
}

function get(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Json)[String(key)] : undefined), root);
}

/** Sets a value deep in the draft, creating what the file does not have yet from the values in force. */
function setIn(root: Json, path: Path, value: unknown, effective: Json): Json {
  let at: Json = root;
  path.slice(0, -1).forEach((key, i) => {
    const next = (at)[String(key)];
    if (next === undefined || next === null || typeof next !== 'object') {
      const inForce = get(effective, path.slice(0, i + 1));
      (at)[String(key)] = inForce !== undefined && typeof inForce === 'object' ? structuredClone(inForce) : typeof path[i + 1] === 'number' ? [] : {};
    }
    at = (at)[String(key)] as Json;
  });
  (at)[String(path[path.length - 1])] = value;
  return root;
}

function blank(value: unknown): unknown {
  if (Array.isArray(value)) return [];
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, blank(v)]));
  if (typeof value === 'string') return '';
  return value;
}
