import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import type { CompileError, ScenarioVersion } from '../api/types';
import { ProblemAlert } from './common';
import { CompileErrorList, SourceView } from './SourceView';

const MAX_BYTES = 262_144;
const MAX_DATA_FILES = 10;
const DATA_FILE = /\.(csv|tsv|txt|json)$/i;

interface DataFile {
  name: string;
  content: string;
}

/**
 * Uploads a scenario: a .java file picked from disk, or source pasted in, with optional test data files (CSV and
 * the like) that the scenario reads. A compile error comes back at its line and column, shown in the source.
 */
export function ScenarioUpload({ projectId, onUploaded, fileName: fixedName }: {
  projectId: string;
  onUploaded: (v: ScenarioVersion) => void;
  /** Uploading a new version of this scenario's file. */
  fileName?: string;
}) {
  const [fileName, setFileName] = useState(fixedName ?? '');
  const [source, setSource] = useState('');
  const [dataFiles, setDataFiles] = useState<DataFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [compileErrors, setCompileErrors] = useState<{ source: string; errors: CompileError[] } | null>(null);
  const [mode, setMode] = useState<'file' | 'paste'>('file');
  const [pickKey, setPickKey] = useState(0);
  const ids = useId();

  const onJava = async (e: ChangeEvent<HTMLInputElement>) => {
    setError(null);
    const file = e.target.files?.[0];
    if (!file) return;
    if (!file.name.endsWith('.java')) {
      setError(new Error(`${file.name} is not a .java file: a scenario is one Java source file, such as Shop.java`));
      return;
    }
    if (file.size > MAX_BYTES) {
      setError(new Error(`${file.name} is ${file.size} bytes; a scenario may have at most ${MAX_BYTES} bytes`));
      return;
    }
    if (fixedName && file.name !== fixedName) {
      setError(new Error(`this scenario's file is ${fixedName}; ${file.name} would start a new scenario: upload it from the project page`));
      return;
    }
    setFileName(file.name);
    setSource(await file.text());
  };

  const onData = async (e: ChangeEvent<HTMLInputElement>) => {
    setError(null);
    const files = Array.from(e.target.files ?? []);
    const wrong = files.filter((f) => !DATA_FILE.test(f.name));
    if (wrong.length) {
      setError(new Error(`${wrong.map((f) => f.name).join(', ')}: test data files end in .csv, .tsv, .txt or .json`));
      return;
    }
    if (files.length > MAX_DATA_FILES) {
      setError(new Error(`at most ${MAX_DATA_FILES} data files per scenario`));
      return;
    }
    setDataFiles(await Promise.all(files.map(async (f) => ({ name: f.name, content: await f.text() }))));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const name = fileName.trim();
    setBusy(true);
    setError(null);
    setCompileErrors(null);
    try {
      const body: { fileName: string; source: string; dataFiles?: DataFile[] } = { fileName: name, source };
      if (dataFiles.length) body.dataFiles = dataFiles;
      const v = await api<ScenarioVersion>(`/api/projects/${projectId}/scenarios`, { body });
      setSource('');
      setDataFiles([]);
      if (!fixedName) setFileName('');
      setPickKey((k) => k + 1);
      onUploaded(v);
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && Array.isArray(err.problem.errors)) {
        setCompileErrors({ source, errors: err.problem.errors as CompileError[] });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="upload">
      <div className="segmented" role="group" aria-label="How to give the source">
        <button type="button" className={mode === 'file' ? 'btn btn-small active' : 'btn btn-small'} aria-pressed={mode === 'file'} onClick={() => setMode('file')}>
          Upload a file
        </button>
        <button type="button" className={mode === 'paste' ? 'btn btn-small active' : 'btn btn-small'} aria-pressed={mode === 'paste'} onClick={() => setMode('paste')}>
          Paste source
        </button>
      </div>
      <form onSubmit={submit} className="upload-form" aria-label="Upload a scenario">
        {mode === 'file' ? (
          <div className="field">
            <label htmlFor={`${ids}-java`}>{fixedName ? `New ${fixedName}` : 'Scenario file (.java)'}</label>
            <input key={`j${pickKey}`} id={`${ids}-java`} type="file" accept=".java,text/x-java-source,text/x-java" onChange={onJava} disabled={busy} />
          </div>
        ) : (
          <>
            <div className="field">
              <label htmlFor={`${ids}-name`}>File name</label>
              <input id={`${ids}-name`} value={fileName} onChange={(e) => setFileName(e.target.value)} placeholder="Shop.java" required
                pattern="[A-Za-z_$][A-Za-z0-9_$]*\.java" readOnly={!!fixedName} title="A Java file name such as Shop.java" className="short" />
            </div>
            <div className="field">
              <label htmlFor={`${ids}-source`}>Source</label>
              <textarea id={`${ids}-source`} value={source} onChange={(e) => setSource(e.target.value)} rows={14} required spellCheck={false} className="mono" />
            </div>
          </>
        )}
        <div className="field">
          <label htmlFor={`${ids}-data`}>Test data files (optional: .csv, .tsv, .txt, .json)</label>
          <input key={`d${pickKey}`} id={`${ids}-data`} type="file" multiple accept=".csv,.tsv,.txt,.json" onChange={onData} disabled={busy} aria-describedby={`${ids}-data-hint`} />
          <span className="hint" id={`${ids}-data-hint`}>
            {dataFiles.length
              ? `Attached: ${dataFiles.map((f) => f.name).join(', ')}`
              : 'Files the scenario reads, e.g. a CSV of users to log in as; they are stored with this version.'}
          </span>
        </div>
        <div>
          <button type="submit" className="btn btn-primary" disabled={busy || !source.trim() || !fileName.trim()}>
            {busy ? 'Compiling…' : 'Upload'}
          </button>
          <p className="hint">
            The file is compiled against the scenario API on upload; each upload of the same file name is a new version.
          </p>
        </div>
      </form>
      {busy ? (
        <p className="loading" role="status">
          Compiling {fileName}… (a fresh compiler takes a few seconds)
        </p>
      ) : null}
      <ProblemAlert error={error} title={compileErrors ? 'The scenario does not compile' : 'The upload failed'} />
      {compileErrors ? (
        <section aria-label="Compile errors" className="compile-result">
          <CompileErrorList errors={compileErrors.errors} label={`Source of ${fileName}`} />
          <SourceView source={compileErrors.source} errors={compileErrors.errors} label={`Source of ${fileName}`} />
        </section>
      ) : null}
    </div>
  );
}
