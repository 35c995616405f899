import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { refuse, type Refusal } from '../kernel/refusal.js';
import { audioFormatOf, isTrackFileName, trackFileName } from './rules/audio-format.js';

const run = promisify(execFile);

export interface Track {
  file: string;
  bytes: number;
}

/** The playlists' folders (config `audio.playlists`, relative to the config file): upload, list, delete. */
export class TrackFiles {
  constructor(
    private readonly configFile: string,
    private readonly playlists: () => Record<string, string>,
    private readonly soxi = 'soxi',
  ) {}

  private folder(playlist: string): string | Refusal {
    const path = this.playlists()[playlist];
    if (path === undefined) return refuse(404, 'unknown_playlist', `没有播放列表“${playlist}” · There is no playlist "${playlist}".`);
    return resolve(dirname(resolve(this.configFile)), path);
  }

  list(playlist: string): Track[] | Refusal {
    const folder = this.folder(playlist);
    if (typeof folder !== 'string') return folder;
    let names: string[] = [];
    try {
      names = readdirSync(folder);
    } catch {
      return []; // the folder is made by the first upload
    }
    return names.filter(isTrackFileName).sort().map((file) => ({ file, bytes: statSync(join(folder, file)).size }));
  }

  /**
   * Checks the content (not the name) is audio, reads its length with soxi in a child process (the
   * event loop keeps serving), and only then moves it into the playlist's folder.
   */
  async add(playlist: string, name: string, body: Buffer): Promise<(Track & { durationSec: number }) | Refusal> {
    const folder = this.folder(playlist);
    if (typeof folder !== 'string') return folder;
    const format = audioFormatOf(body.subarray(0, 16));
    const notAudio = refuse(400, 'not_audio', '文件不是可播放的音频（MP3、WAV、OGG、FLAC） · The file is not playable audio (MP3, WAV, OGG or FLAC).');
    if (!format) return notAudio;
    const file = trackFileName(name, format);
    if (!file) return refuse(400, 'bad_name', '文件名无效 · The file name is not usable.');
    mkdirSync(folder, { recursive: true });
    const temp = join(folder, `.upload-${process.pid}-${Date.now()}.${format}`);
    writeFileSync(temp, body);
    try {
      const { stdout } = await run(this.soxi, ['-D', temp], { timeout: 10_000 });
      const durationSec = Number(stdout.trim());
      if (!(durationSec > 0)) throw new Error('no duration');
      renameSync(temp, join(folder, file));
      return { file, bytes: body.length, durationSec };
    } catch {
      unlinkSync(temp);
      return notAudio;
    }
  }

  remove(playlist: string, file: string): true | Refusal {
    const folder = this.folder(playlist);
    if (typeof folder !== 'string') return folder;
    if (!isTrackFileName(file)) return refuse(404, 'unknown_track', `没有曲目“${file}” · There is no track "${file}".`);
    try {
      unlinkSync(join(folder, file));
      return true;
    } catch {
      return refuse(404, 'unknown_track', `没有曲目“${file}” · There is no track "${file}".`);
    }
  }
}
