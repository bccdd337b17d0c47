import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import type { CompileError, ScenarioVersion } from '../api/types';
import { ProblemAlert } from './common';
import { CompileErrorList, SourceView } from './SourceView';

const MAX_BYTES = 262_144;

/**
 * Uploads a scenario: a .java file picked from disk, or source pasted in. A compile error comes back at its line and
 * column, shown in the source.
 */
export function ScenarioUpload({ projectId, onUploaded, fileName: fixedName }: {
  projectId: string;
  onUploaded: (v: ScenarioVersion) => void;
  /** Uploading a new version of this scenario's file. */
  fileName?: string;
}) {
  const [fileName, setFileName] = useState(fixedName ?? '');
  const [source, setSource] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [compileErrors, setCompileErrors] = useState<{ source: string; errors: CompileError[] } | null>(null);
  const [mode, setMode] = useState<'file' | 'paste'>('file');
  const fileInput = useId();

  const upload = async (name: string, text: string) => {
    setBusy(true);
    setError(null);
    setCompileErrors(null);
    try {
      const v = await api<ScenarioVersion>(`/api/projects/${projectId}/scenarios`, { body: { fileName: name, source: text } });
      setSource('');
      onUploaded(v);
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && Array.isArray(e.problem.errors)) {
        setCompileErrors({ source: text, errors: e.problem.errors as CompileError[] });
      }
    } finally {
      setBusy(false);
    }
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
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
    const text = await file.text();
    setSource(text);
    await upload(file.name, text);
  };

  const onPaste = async (e: FormEvent) => {
    e.preventDefault();
    await upload(fileName.trim(), source);
  };

  return (
    <div className="upload">
      <div className="segmented" role="group" aria-label="How to upload">
        <button type="button" className={mode === 'file' ? 'btn btn-small active' : 'btn btn-small'} aria-pressed={mode === 'file'} onClick={() => setMode('file')}>
          Upload a file
        </button>
        <button type="button" className={mode === 'paste' ? 'btn btn-small active' : 'btn btn-small'} aria-pressed={mode === 'paste'} onClick={() => setMode('paste')}>
          Paste source
        </button>
      </div>
      {mode === 'file' ? (
        <div className="file-pick">
          <label htmlFor={fileInput} className="btn btn-primary file-label">
            {busy ? 'Compiling…' : fixedName ? `Choose a new ${fixedName}` : 'Choose a .java file'}
          </label>
          <input id={fileInput} type="file" accept=".java,text/x-java-source,text/x-java" onChange={onFile} disabled={busy} className="file-input" />
          <p className="hint">
            The file is compiled against the scenario API on upload; each upload of the same file name is a new version.
          </p>
        </div>
      ) : (
        <form onSubmit={onPaste} className="paste-form">
          <label>
            <span>File name</span>
            <input value={fileName} onChange={(e) => setFileName(e.target.value)} placeholder="Shop.java" required
              pattern="[A-Za-z_$][A-Za-z0-9_$]*\.java" readOnly={!!fixedName} title="A Java file name such as Shop.java" />
          </label>
          <label>
            <span>Source</span>
            <textarea value={source} onChange={(e) => setSource(e.target.value)} rows={14} required spellCheck={false} className="mono" />
          </label>
          <button type="submit" className="btn btn-primary" disabled={busy || !source.trim()}>
            {busy ? 'Compiling…' : 'Upload'}
          </button>
        </form>
      )}
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
