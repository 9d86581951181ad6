// The words of a change waiting for the person's OK that the tray, the system notification
// and the window all say: the app by its name, the change by the item's last name, and how
// many wait.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  appName,
  appNameAndVersion,
  appNameOf,
  CHANGE_ACTIONS,
  changeWords,
  isChangeAction,
  lastName,
  waitingWords,
} from '../../preload/contract/words/approval-words.ts';

describe('the app that asks', () => {
  const cases: [string | undefined, string][] = [
    ['Claude Desktop 0.14.2', 'Claude Desktop'],
    ['cursor-vscode v1.4.2-beta.1', 'cursor-vscode'],
    [' Windsurf ', 'Windsurf'],
    ['Version 2', 'Version'],
    ['', 'An app'],
    ['  ', 'An app'],
    [undefined, 'An app'],
  ];
  for (const [client, expected] of cases) {
    it(`is named ${JSON.stringify(expected)} for ${JSON.stringify(client)}`, () => {
      assert.equal(appNameOf(client), expected);
    });
  }

  it('is named without its version in sentences, and with it where the request shows both', () => {
    const requester = { client: 'Claude Desktop 0.14.2', transport: 'socket' } as const;
    assert.equal(appName(requester), 'Claude Desktop');
    assert.equal(appNameAndVersion(requester), 'Claude Desktop 0.14.2');
    assert.equal(appNameAndVersion({ client: ' ', transport: 'http' }), 'An app');
  });
});

describe('the change', () => {
  it('has a verb for every change an agent can ask for', () => {
    const path = '/w/notes.txt';
    assert.equal(changeWords('create', path), 'create notes.txt');
    assert.equal(changeWords('replace', path), 'replace notes.txt');
    assert.equal(changeWords('edit', path), 'edit notes.txt');
    assert.equal(changeWords('delete', path), 'delete notes.txt');
    assert.equal(
      changeWords('move', path, '/w/old/notes-2023.txt'),
      'move notes.txt to notes-2023.txt',
    );
    assert.equal(changeWords('move', path), 'move notes.txt');
    assert.equal(changeWords('create-folder', '/w/Scans/'), 'create the folder Scans');
    assert.equal(changeWords('undo', path), 'undo a change to notes.txt');
  });

  it('knows the changes Airlock asks about, and nothing else read back from the log', () => {
    for (const action of CHANGE_ACTIONS) assert.equal(isChangeAction(action), true, action);
    for (const other of ['rename', 'Delete', '', undefined, 3, ['delete']]) {
      assert.equal(isChangeAction(other), false, String(other));
    }
  });

  it('names an item by its last name, on Windows too', () => {
    assert.equal(lastName('/home/ann/Taxes 2024/report.pdf'), 'report.pdf');
    assert.equal(lastName('C:\\Users\\ann\\Taxes\\'), 'Taxes');
    assert.equal(lastName('/'), '/');
  });

  it('counts the changes waiting', () => {
    assert.equal(waitingWords(1), '1 change waiting for your OK');
    assert.equal(waitingWords(4), '4 changes waiting for your OK');
  });
});
