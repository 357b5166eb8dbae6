import { describe, expect, it } from 'vitest';
import { hashFromBase64 } from './hash.ts';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.ts';
import { addCosignature, cosignatureVerifier, cosigner } from './cosignature.ts';
import { generateKey, keyId, noteSigner, noteVerifier, openNote, parseNote, SIG_COSIGNATURE_V1, signNote, verifierKeyOf } from './note.ts';

// golang.org/x/mod/sumdb/note's published example: our notes must be byte-identical.
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

// A real CT staging checkpoint with the log's Ed25519 note signature and witness
// cosignatures (type 0x04), as published by transparency.dev; two signature lines use
// types we do not verify (0x05 RFC 6962 and others' keys) and must simply be ignored.
const REAL = `arche2025h1.staging.ct.transparency.dev
1432088532
U7WM79jrzyhGZ5/GUBTpM7NzwdyfFx61t3RovgcC4Ro=

— arche2025h1.staging.ct.transparency.dev zTM8sQAAAZ5W0WdjBAMARjBEAiBjW5IQf9pvsYLfQFX6hoGREPMHbdQ3urbllzalApkptQIgIpwtEroeW2BXaHAI4kJXFbon5Ch9MNL5zRNZ55lvGt0=
— arche2025h1.staging.ct.transparency.dev ui8GwCF1+kWqZrxGdhj4aX3gcw7XUlXQQabg/27lefwhUkzbC3NygNI75MdhL1bfTW9g8Ei59RA23oHP7Ry1k3ZFWwQ=
— transparency.dev/DEV:witness-little-garden 2AQqhwAAAABqEiEgzgFIqqhbUoDwjMWE6UP8nd8/KYTzwZ2rhIgcqoXHAwVkjZr4AscylP3v7sEodkRAErumC2q44vdgJY096st5BQ==
— witness1.smartit.nu/witness1 pIyCDwAAAABqEiEghIp82KWebrw7/oHQwlTAm3g2RKS4+eebl8eO0WH+/iEcxZ75W3u5hNI7TOQtmJbqmNWVuE0tgh0XwzdZsDsUAQ==
— remora.n621.de 2net5wAAAABqEiEgPlfF3V06o0Y+fHM+J5J9s27wgxxcOVSpZ/2g/KSiXCg9DEZI+aVCIobWX9sXTynk5XeU/zZ0WBxtqB0DrAWfBw==
— witness.stagemole.eu Z/euoAAAAABqEiEgw0i+7g2ENfDAWHmtRzCfKTHSDwYDJA2NmKeGi9Y8FtEyOUvVr+AJmIY/2TUFucgKi7lI7cUiOvKFYe/TmN9DAg==
`;
const REAL_LOG = 'arche2025h1.staging.ct.transparency.dev+ba2f06c0+AU0vHmlGCS/PdN8b2OaGmKprLI8HKM+dJ472xgFYh15f';
const REAL_WITNESS = 'remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2';

describe('signed notes (c2sp.org/signed-note)', () => {
  it('signs exactly like Go sumdb/note and verifies its note', () => {
    expect(verifierKeyOf(GO_SKEY)).toBe(GO_VKEY);
    expect(signNote(GO_TEXT, [noteSigner(GO_SKEY)])).toBe(GO_NOTE);
    expect(openNote(GO_NOTE, [noteVerifier(GO_VKEY)]).text).toBe(GO_TEXT);
  });

  it('rejects a changed text, a wrong key, and a note without a known signature', () => {
    expect(() => openNote(GO_NOTE.replace('cryptography', 'cryptographY'), [noteVerifier(GO_VKEY)])).toThrow(/ungültig/);
    const other = generateKey('PeterNeumann');
    expect(() => openNote(GO_NOTE, [noteVerifier(other.verifierKey)])).toThrow(/keine gültige Signatur/);
  });

  it('ignores unknown signatures but rejects a failing one of a known key', () => {
    const a = generateKey('log.example/a');
    const b = generateKey('log.example/b');
    const note = signNote('hallo\n', [noteSigner(a.signerKey), noteSigner(b.signerKey)]);
    expect(openNote(note, [noteVerifier(a.verifierKey)]).verifiedBy).toHaveLength(1);
    // one character of b's signature changed — to a different one (the keys are random: it may already be 'A')
    const forged = note.replace(/— log\.example\/b (\S{8})(\S)/, (_, p: string, c: string) => `— log.example/b ${p}${c === 'A' ? 'B' : 'A'}`);
    expect(forged).not.toBe(note);
    expect(() => openNote(forged, [noteVerifier(a.verifierKey), noteVerifier(b.verifierKey)])).toThrow();
  });

  it('refuses malformed notes and keys', () => {
    expect(() => parseNote('ohne Leerzeile\n— x AAAAAAA=\n')).toThrow();
    expect(() => signNote('kein Umbruch am Ende', [noteSigner(GO_SKEY)])).toThrow(/Zeilenumbruch/);
    expect(() => signNote('Tab\tim Text\n', [noteSigner(GO_SKEY)])).toThrow(/Steuerzeichen/);
    expect(() => noteVerifier(GO_VKEY.replace('c74f20a3', 'c74f20a4'))).toThrow(/Schlüssel-ID/);
    expect(() => generateKey('mit Leerzeichen')).toThrow();
    expect(() => generateKey('mit+plus')).toThrow();
  });

  it('computes key IDs as SHA-256(name ‖ 0x0A ‖ type ‖ key)[:4]', () => {
    const raw = Buffer.from('AU0vHmlGCS/PdN8b2OaGmKprLI8HKM+dJ472xgFYh15f', 'base64').subarray(1);
    expect(keyId('arche2025h1.staging.ct.transparency.dev', 1, raw).toString(16)).toBe('ba2f06c0');
  });
});

describe('checkpoints and cosignatures', () => {
  it('verifies a real published checkpoint with its log signature and a witness cosignature', () => {
    const { checkpoint } = openCheckpoint(REAL, noteVerifier(REAL_LOG));
    expect(checkpoint).toMatchObject({ origin: 'arche2025h1.staging.ct.transparency.dev', size: 1432088532, extensions: [] });
    const w = cosignatureVerifier(REAL_WITNESS);
    const opened = openNote(REAL, [w]);
    expect(opened.verifiedBy).toEqual([w]);
    expect(() => openNote(REAL.replace('1432088532', '1432088533'), [w])).toThrow();
  });

  it('round-trips our own checkpoint, cosigns it with a timestamp and verifies both', () => {
    const log = generateKey('amtsklar.example/ledger');
    const wit = generateKey('rpa.example/zeuge', SIG_COSIGNATURE_V1);
    const cp = { origin: 'amtsklar.example/ledger', size: 42, root: hashFromBase64('U7WM79jrzyhGZ5/GUBTpM7NzwdyfFx61t3RovgcC4Ro=')!, extensions: [] };
    const note = signCheckpoint(cp, noteSigner(log.signerKey));
    expect(note.startsWith('amtsklar.example/ledger\n42\nU7WM79jrzyhGZ5/GUBTpM7NzwdyfFx61t3RovgcC4Ro=\n\n— amtsklar.example/ledger ')).toBe(true);
    const line = cosigner(wit.signerKey).cosign(formatCheckpoint(cp), 1_767_225_600);
    const both = addCosignature(note, line);
    const v = cosignatureVerifier(wit.verifierKey);
    const opened = openCheckpoint(both, noteVerifier(log.verifierKey), [v]);
    expect(opened.note.verifiedBy.map((x) => x.name)).toEqual(['amtsklar.example/ledger', 'rpa.example/zeuge']);
    expect(v.timeOf(opened.note.signatures[1]!.signature)).toBe(1_767_225_600);
    // A cosignature is not a log signature: the log key must have signed.
    expect(() => openCheckpoint(`${formatCheckpoint(cp)}\n${line}`, noteVerifier(log.verifierKey), [v])).toThrow(/nicht vom Protokoll/);
  });

  it('parses checkpoints strictly', () => {
    const root = 'U7WM79jrzyhGZ5/GUBTpM7NzwdyfFx61t3RovgcC4Ro=';
    expect(parseCheckpoint(`o\n0\n${root}\n`).size).toBe(0);
    expect(parseCheckpoint(`o\n7\n${root}\next a\n`).extensions).toEqual(['ext a']);
    for (const bad of [`o\n07\n${root}\n`, `o\n-1\n${root}\n`, `o\n1\nAAAA\n`, `\n1\n${root}\n`, `o\n1\n${root}`, `o\n1\n`]) {
      expect(() => parseCheckpoint(bad), bad).toThrow();
    }
    const log = generateKey('a.example/log');
    const other = generateKey('b.example/log');
    const note = signCheckpoint({ origin: 'b.example/log', size: 1, root: hashFromBase64(root)!, extensions: [] }, noteSigner(log.signerKey));
    expect(() => openCheckpoint(note, noteVerifier(log.verifierKey))).toThrow(/stammt von/);
    expect(() => openCheckpoint(note, noteVerifier(other.verifierKey))).toThrow();
  });
});
