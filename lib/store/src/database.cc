// Over 600 lines: about half of it is the schema, the one ordered list of migrations that must
// never be edited once shipped, and reads best whole; the connection, statement and transaction
// wrappers are the rest.
#include "khaothi/store/database.h"

#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <sqlite3.h>

namespace khaothi::store {
namespace {

// Every migration of center.db, in order. Migration i (0-based) takes user_version i to i + 1.
// Never edit a migration that has shipped; append a new one.
const std::vector<std::string_view>& Migrations() {
  static const std::vector<std::string_view> kMigrations = {
      // 1: the question bank. Each version of an item is immutable and kept forever; `content`
      // is the item in the native bank format (docs/bank-format.md) without its version line.
      R"sql(
        CREATE TABLE meta (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;
        INSERT INTO meta(key, value) VALUES ('application', 'khaothi');
        CREATE TABLE item_versions (
          id TEXT NOT NULL,
          version INTEGER NOT NULL CHECK (version >= 1),
          module TEXT NOT NULL,
          topic TEXT NOT NULL,
          difficulty TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'retired')),
          content TEXT NOT NULL,
          content_hash TEXT NOT NULL,
          stored_at TEXT NOT NULL,
          source TEXT NOT NULL,
          PRIMARY KEY (id, version)
        ) STRICT;
        CREATE TABLE items (
          id TEXT PRIMARY KEY,
          current_version INTEGER NOT NULL,
          FOREIGN KEY (id, current_version) REFERENCES item_versions(id, version)
        ) STRICT;
        CREATE INDEX item_versions_module ON item_versions(module, difficulty);
        CREATE TRIGGER item_versions_immutable BEFORE UPDATE ON item_versions
        BEGIN SELECT RAISE(ABORT, 'item versions are immutable'); END;
        CREATE TRIGGER item_versions_permanent BEFORE DELETE ON item_versions
        BEGIN SELECT RAISE(ABORT, 'item versions are kept forever'); END;
      )sql",
      // 2: the centre, exam sessions (ca thi), rooms, candidates, forms, attempts, answers and the
      // audit chain. attempts.record is the engine's AttemptRecord as JSON (without the slots,
      // which are the answers rows); the other attempts columns summarise it for queries. Times are
      // milliseconds since the Unix epoch (UTC) in *_ms columns; dates
      // are 'YYYY-MM-DD'. See docs/architecture.md for who writes what.
      R"sql(
        CREATE TABLE centre (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          code TEXT NOT NULL,
          name TEXT NOT NULL,
          created_ms INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE sessions (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          exam_date TEXT NOT NULL,
          blueprint_id TEXT NOT NULL,
          blueprint TEXT NOT NULL,
          duration_ms INTEGER NOT NULL CHECK (duration_ms > 0),
          unlock_required INTEGER NOT NULL DEFAULT 1 CHECK (unlock_required IN (0, 1)),
          state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'open', 'closed')),
          bank_snapshot TEXT,
          created_ms INTEGER NOT NULL,
          opened_ms INTEGER,
          closed_ms INTEGER
        ) STRICT;
        CREATE TABLE rooms (
          session_id TEXT NOT NULL REFERENCES sessions(id),
          name TEXT NOT NULL,
          state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'paused', 'closed')),
          paused_since_ms INTEGER,
          PRIMARY KEY (session_id, name)
        ) STRICT;
        CREATE TABLE candidates (
          session_id TEXT NOT NULL REFERENCES sessions(id),
          sbd TEXT NOT NULL,
          full_name TEXT NOT NULL,
          date_of_birth TEXT NOT NULL,
          sex TEXT NOT NULL,
          place_of_birth TEXT NOT NULL,
          id_number TEXT NOT NULL,
          room TEXT NOT NULL,
          password_hash TEXT,
          failed_logins INTEGER NOT NULL DEFAULT 0,
          locked_until_ms INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (session_id, sbd),
          FOREIGN KEY (session_id, room) REFERENCES rooms(session_id, name)
        ) STRICT;
        CREATE TABLE forms (
          session_id TEXT NOT NULL,
          sbd TEXT NOT NULL,
          seed INTEGER NOT NULL,
          form TEXT NOT NULL,
          PRIMARY KEY (session_id, sbd),
          FOREIGN KEY (session_id, sbd) REFERENCES candidates(session_id, sbd)
        ) STRICT;
        CREATE TABLE attempts (
          session_id TEXT NOT NULL,
          sbd TEXT NOT NULL,
          state TEXT NOT NULL,
          machine TEXT NOT NULL DEFAULT '',
          unlocked_ms INTEGER,
          started_ms INTEGER,
          extension_ms INTEGER NOT NULL DEFAULT 0,
          paused_ms INTEGER NOT NULL DEFAULT 0,
          paused_since_ms INTEGER,
          submitted_ms INTEGER,
          submitted_by TEXT,
          result TEXT,
          receipt TEXT,
          record TEXT,
          PRIMARY KEY (session_id, sbd),
          FOREIGN KEY (session_id, sbd) REFERENCES candidates(session_id, sbd)
        ) STRICT;
        CREATE TABLE answers (
          session_id TEXT NOT NULL,
          sbd TEXT NOT NULL,
          slot INTEGER NOT NULL CHECK (slot >= 0),
          choice TEXT NOT NULL,
          flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
          answer_seq INTEGER NOT NULL DEFAULT 0,
          flag_seq INTEGER NOT NULL DEFAULT 0,
          received_ms INTEGER NOT NULL,
          PRIMARY KEY (session_id, sbd, slot),
          FOREIGN KEY (session_id, sbd) REFERENCES attempts(session_id, sbd)
        ) STRICT;
        CREATE TABLE audit (
          seq INTEGER PRIMARY KEY,
          at_ms INTEGER NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          subject TEXT NOT NULL,
          detail TEXT NOT NULL,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL
        ) STRICT;
        CREATE TRIGGER audit_immutable BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_permanent BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      )sql",
      // 3: staff accounts and roles, the rooms a proctor may see, dashboard login sessions and the
      // incidents a proctor records (issue #7). Passwords are scrypt hashes; a web session is kept
      // as the SHA-256 of its cookie, never the cookie itself. An incident is every action taken
      // from the dashboard with its reason (kind: unlock, extend, pause_room, end_violation...);
      // minutes holds the biên bản of a violation, detail the action's other fields as JSON.
      R"sql(
        CREATE TABLE staff (
          username TEXT PRIMARY KEY,
          full_name TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('proctor', 'secretary', 'setter', 'head')),
          password_hash TEXT NOT NULL,
          created_ms INTEGER NOT NULL,
          disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
        ) STRICT;
        CREATE TABLE staff_rooms (
          username TEXT NOT NULL REFERENCES staff(username),
          session_id TEXT NOT NULL,
          room TEXT NOT NULL,
          PRIMARY KEY (username, session_id, room),
          FOREIGN KEY (session_id, room) REFERENCES rooms(session_id, name)
        ) STRICT;
        CREATE TABLE web_sessions (
          token_hash TEXT PRIMARY KEY,
          username TEXT NOT NULL REFERENCES staff(username),
          csrf_token TEXT NOT NULL,
          created_ms INTEGER NOT NULL,
          expires_ms INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE incidents (
          id INTEGER PRIMARY KEY,
          session_id TEXT NOT NULL,
          room TEXT NOT NULL,
          sbd TEXT,
          at_ms INTEGER NOT NULL,
          actor TEXT NOT NULL,
          kind TEXT NOT NULL,
          reason TEXT NOT NULL,
          minutes TEXT,
          detail TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
        CREATE INDEX incidents_room ON incidents(session_id, room, at_ms);
        CREATE INDEX web_sessions_user ON web_sessions(username);
      )sql",
      // 4 and later: results, approval, certificates and the register (issue #8) append here.
      // 4: results, approval, certificates and the register (issue #8). Every signed column holds
      // an envelope {"key_id","record","signature"} in canonical JSON (docs/verification.md).
      //   issuers            the head of centre's public issuing keys; only an active one may sign
      //                      decisions, certificates and revocations
      //   practical_marks    entered marks of a part, one revision per (re-)marking, signed
      //   result_revisions   regraded multiple-choice results (phúc khảo); revision 1 is
      //                      attempts.result, written by the server
      //   decisions          the head's signed approval (quyết định phê duyệt), amendable by a new
      //                      version that supersedes the previous one
      //   certificates       the register (sổ gốc): register_no consecutive from 1 per (type,
      //                      year), assigned as max + 1 inside the issuing transaction; permanent
      //   revocations        signed; the certificate row stays
      //   blank_stock        where serials (số hiệu) come from: a pattern and a range per type
      R"sql(
        CREATE TABLE issuers (
          key_id TEXT PRIMARY KEY,
          public_pem TEXT NOT NULL,
          holder TEXT NOT NULL,
          title TEXT NOT NULL,
          registered_ms INTEGER NOT NULL,
          retired_ms INTEGER
        ) STRICT;
        CREATE TABLE practical_marks (
          session_id TEXT NOT NULL,
          sbd TEXT NOT NULL,
          part TEXT NOT NULL,
          revision INTEGER NOT NULL CHECK (revision >= 1),
          marks TEXT NOT NULL,
          score TEXT NOT NULL,
          passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
          reason TEXT NOT NULL,
          signed TEXT NOT NULL,
          entered_ms INTEGER NOT NULL,
          PRIMARY KEY (session_id, sbd, part, revision),
          FOREIGN KEY (session_id, sbd) REFERENCES candidates(session_id, sbd)
        ) STRICT;
        CREATE TABLE result_revisions (
          session_id TEXT NOT NULL,
          sbd TEXT NOT NULL,
          revision INTEGER NOT NULL CHECK (revision >= 2),
          supersedes INTEGER NOT NULL,
          result TEXT NOT NULL,
          reason TEXT NOT NULL,
          signed TEXT NOT NULL,
          created_ms INTEGER NOT NULL,
          PRIMARY KEY (session_id, sbd, revision),
          FOREIGN KEY (session_id, sbd) REFERENCES attempts(session_id, sbd)
        ) STRICT;
        CREATE TABLE decisions (
          session_id TEXT NOT NULL REFERENCES sessions(id),
          version INTEGER NOT NULL CHECK (version >= 1),
          decision_no TEXT NOT NULL,
          signed TEXT NOT NULL,
          key_id TEXT NOT NULL REFERENCES issuers(key_id),
          created_ms INTEGER NOT NULL,
          PRIMARY KEY (session_id, version)
        ) STRICT;
        CREATE TABLE certificates (
          id INTEGER PRIMARY KEY,
          cert_type TEXT NOT NULL,
          year INTEGER NOT NULL,
          register_no INTEGER NOT NULL CHECK (register_no >= 1),
          serial TEXT NOT NULL UNIQUE,
          session_id TEXT NOT NULL,
          sbd TEXT NOT NULL,
          decision_version INTEGER NOT NULL,
          full_name TEXT NOT NULL,
          date_of_birth TEXT NOT NULL,
          signed TEXT NOT NULL,
          key_id TEXT NOT NULL REFERENCES issuers(key_id),
          issued_ms INTEGER NOT NULL,
          UNIQUE (cert_type, year, register_no),
          FOREIGN KEY (session_id, sbd) REFERENCES candidates(session_id, sbd),
          FOREIGN KEY (session_id, decision_version) REFERENCES decisions(session_id, version)
        ) STRICT;
        CREATE INDEX certificates_holder ON certificates(full_name, date_of_birth);
        CREATE TABLE revocations (
          certificate_id INTEGER PRIMARY KEY REFERENCES certificates(id),
          reason TEXT NOT NULL,
          signed TEXT NOT NULL,
          revoked_ms INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE blank_stock (
          cert_type TEXT PRIMARY KEY,
          pattern TEXT NOT NULL,
          first_no INTEGER NOT NULL CHECK (first_no >= 0),
          last_no INTEGER NOT NULL,
          next_no INTEGER NOT NULL,
          CHECK (first_no <= next_no AND next_no <= last_no + 1)
        ) STRICT;
        CREATE TRIGGER certificates_immutable BEFORE UPDATE ON certificates
        BEGIN SELECT RAISE(ABORT, 'the register is permanent'); END;
        CREATE TRIGGER certificates_permanent BEFORE DELETE ON certificates
        BEGIN SELECT RAISE(ABORT, 'the register is permanent'); END;
        CREATE TRIGGER decisions_immutable BEFORE UPDATE ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are permanent; amend with a new version'); END;
        CREATE TRIGGER decisions_permanent BEFORE DELETE ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are permanent; amend with a new version'); END;
        CREATE TRIGGER revocations_permanent BEFORE DELETE ON revocations
        BEGIN SELECT RAISE(ABORT, 'revocations are permanent'); END;
        CREATE TRIGGER revocations_immutable BEFORE UPDATE ON revocations
        BEGIN SELECT RAISE(ABORT, 'revocations are permanent'); END;
        CREATE TRIGGER practical_marks_immutable BEFORE UPDATE ON practical_marks
        BEGIN SELECT RAISE(ABORT, 'marks are kept; enter a new revision'); END;
        CREATE TRIGGER result_revisions_immutable BEFORE UPDATE ON result_revisions
        BEGIN SELECT RAISE(ABORT, 'results are kept; regrade makes a new revision'); END;
      )sql",
      // 5: the exact list of item versions a session's forms were drawn from (issue 13 item 9c):
      // the bank snapshot's manifest as hashed into sessions.bank_snapshot (docs/forms.md), so
      // that `khaothi audit verify` can re-derive every form. NULL for sessions opened before.
      R"sql(
        ALTER TABLE sessions ADD COLUMN bank_manifest TEXT;
      )sql",
      // 6: the registry outbox (issue 20, docs/registry.md "The centre's side"). Every record the
      // centre signs for the registry (decisions, certificates, revocations, entered marks and
      // re-marked results) is queued here in the transaction that signs it; the sender marks it
      // delivered or refused. The envelope and its id never change (trigger); only the delivery
      // columns do. Records signed before
      // this migration are queued by it, in the order they were made, at equal times marks and
      // results before decisions before certificates (a certificate cites its decision).
      R"sql(
        CREATE TABLE registry_outbox (
          seq INTEGER PRIMARY KEY,
          record_id TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL,
          envelope TEXT NOT NULL,
          queued_ms INTEGER NOT NULL,
          state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending', 'delivered', 'refused')),
          attempts INTEGER NOT NULL DEFAULT 0,
          last_attempt_ms INTEGER,
          delivered_ms INTEGER,
          outcome TEXT NOT NULL DEFAULT '',
          refusal_code TEXT NOT NULL DEFAULT '',
          refusal_reason TEXT NOT NULL DEFAULT ''
        ) STRICT;
        CREATE INDEX registry_outbox_pending ON registry_outbox(state, seq);
        CREATE TRIGGER registry_outbox_envelope_fixed BEFORE UPDATE OF record_id, kind, envelope,
          queued_ms ON registry_outbox
        BEGIN SELECT RAISE(ABORT, 'a queued record never changes'); END;
        CREATE TRIGGER registry_outbox_kept BEFORE DELETE ON registry_outbox
        BEGIN SELECT RAISE(ABORT, 'the registry outbox is kept'); END;
        INSERT INTO registry_outbox(record_id, kind, envelope, queued_ms)
          SELECT json_extract(signed, '$.record.id'), json_extract(signed, '$.record.kind'),
                 signed, at_ms
          FROM (SELECT signed, entered_ms AS at_ms, 0 AS rank FROM practical_marks
                UNION ALL SELECT signed, created_ms, 0 FROM result_revisions
                UNION ALL SELECT signed, created_ms, 1 FROM decisions
                UNION ALL SELECT signed, issued_ms, 2 FROM certificates
                UNION ALL SELECT signed, revoked_ms, 3 FROM revocations)
          ORDER BY at_ms, rank;
      )sql",
      // 7: practical task packages (đề thực hành, issue 15, docs/practical.md). Like items, every
      // version of a package is immutable and kept: `manifest` is its task.txt without the
      // version line, and names every file by SHA-256. The files' bytes live once each in
      // practical_blobs, keyed by that SHA-256, so a new version that changes only the points
      // table stores no file twice, and one transaction holds manifest and bytes together.
      R"sql(
        CREATE TABLE practical_blobs (
          sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
          size INTEGER NOT NULL CHECK (size >= 0),
          bytes BLOB NOT NULL CHECK (length(bytes) = size)
        ) STRICT;
        CREATE TABLE practical_versions (
          id TEXT NOT NULL,
          version INTEGER NOT NULL CHECK (version >= 1),
          module TEXT NOT NULL,
          pool TEXT NOT NULL,
          manifest TEXT NOT NULL,
          manifest_hash TEXT NOT NULL,
          stored_at TEXT NOT NULL,
          source TEXT NOT NULL,
          PRIMARY KEY (id, version)
        ) STRICT;
        CREATE TABLE practical_files (
          id TEXT NOT NULL,
          version INTEGER NOT NULL,
          name TEXT NOT NULL,
          role TEXT NOT NULL CHECK (role IN ('instructions', 'starter', 'solution')),
          sha256 TEXT NOT NULL REFERENCES practical_blobs(sha256),
          PRIMARY KEY (id, version, name),
          FOREIGN KEY (id, version) REFERENCES practical_versions(id, version)
        ) STRICT;
        CREATE TABLE practical_tasks (
          id TEXT PRIMARY KEY,
          current_version INTEGER NOT NULL,
          FOREIGN KEY (id, current_version) REFERENCES practical_versions(id, version)
        ) STRICT;
        CREATE INDEX practical_versions_pool ON practical_versions(pool, module);
        CREATE TRIGGER practical_versions_immutable BEFORE UPDATE ON practical_versions
        BEGIN SELECT RAISE(ABORT, 'a package version is immutable; import a new version'); END;
        CREATE TRIGGER practical_versions_permanent BEFORE DELETE ON practical_versions
        BEGIN SELECT RAISE(ABORT, 'package versions are kept'); END;
        CREATE TRIGGER practical_files_immutable BEFORE UPDATE ON practical_files
        BEGIN SELECT RAISE(ABORT, 'a package version is immutable; import a new version'); END;
        CREATE TRIGGER practical_files_permanent BEFORE DELETE ON practical_files
        BEGIN SELECT RAISE(ABORT, 'package versions are kept'); END;
        CREATE TRIGGER practical_blobs_immutable BEFORE UPDATE ON practical_blobs
        BEGIN SELECT RAISE(ABORT, 'a blob is named by its content and never changes'); END;
        CREATE TRIGGER practical_blobs_permanent BEFORE DELETE ON practical_blobs
        BEGIN SELECT RAISE(ABORT, 'the files of kept package versions are kept'); END;
      )sql",
      // 8: the practical test's sitting (issue 15, docs/practical.md "Delivery", "Collection").
      //   practical_assignments  the task each candidate drew for each practical sub-part,
      //                          written with the forms when the session opens (from the form's
      //                          seed, engine::DrawPracticalTasks); fixed from then on
      //   work_versions          every complete version of a work file a station uploaded: the
      //                          bytes are a content-addressed file in the centre's work/ folder
      //                          (centre::WorkBlobPath), written and fsynced before the row
      //                          commits. Versions count 1, 2, ... per (candidate, task, file);
      //                          rows are never changed nor deleted (triggers)
      R"sql(
        CREATE TABLE practical_assignments (
          session_id TEXT NOT NULL,
          sbd TEXT NOT NULL,
          part TEXT NOT NULL,
          subpart TEXT NOT NULL,
          module TEXT NOT NULL,
          task_id TEXT NOT NULL,
          task_version INTEGER NOT NULL,
          PRIMARY KEY (session_id, sbd, part, subpart),
          FOREIGN KEY (session_id, sbd) REFERENCES candidates(session_id, sbd),
          FOREIGN KEY (task_id, task_version) REFERENCES practical_versions(id, version)
        ) STRICT;
        CREATE TABLE work_versions (
          session_id TEXT NOT NULL,
          sbd TEXT NOT NULL,
          task_id TEXT NOT NULL,
          name TEXT NOT NULL,
          version INTEGER NOT NULL CHECK (version >= 1),
          sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
          size INTEGER NOT NULL CHECK (size >= 0),
          received_ms INTEGER NOT NULL,
          machine TEXT NOT NULL,
          PRIMARY KEY (session_id, sbd, task_id, name, version),
          FOREIGN KEY (session_id, sbd) REFERENCES candidates(session_id, sbd)
        ) STRICT;
        CREATE TRIGGER practical_assignments_fixed BEFORE UPDATE ON practical_assignments
        BEGIN SELECT RAISE(ABORT, 'a drawn task is fixed when the session opens'); END;
        CREATE TRIGGER practical_assignments_kept BEFORE DELETE ON practical_assignments
        BEGIN SELECT RAISE(ABORT, 'drawn tasks are kept'); END;
        CREATE TRIGGER work_versions_immutable BEFORE UPDATE ON work_versions
        BEGIN SELECT RAISE(ABORT, 'a received work file version never changes'); END;
        CREATE TRIGGER work_versions_kept BEFORE DELETE ON work_versions
        BEGIN SELECT RAISE(ABORT, 'received work files are kept'); END;
      )sql",
      // 9: the practical's clock (issue 15, docs/protocol.md "The practical test"): for each
      // candidate who started the practical, the server's engine::AttemptRecord of it (a clock
      // without questions: start, extensions, pauses, downtime credits, who ended it, when) and
      // the columns queries use. `ended_ms` is when the practical ended (its deadline when the
      // clock ended it): the version marked of each file is the latest received before it.
      R"sql(
        CREATE TABLE practical_attempts (
          session_id TEXT NOT NULL,
          sbd TEXT NOT NULL,
          state TEXT NOT NULL,
          record TEXT NOT NULL,
          machine TEXT NOT NULL DEFAULT '',
          started_ms INTEGER,
          ended_ms INTEGER,
          submitted_by TEXT,
          PRIMARY KEY (session_id, sbd),
          FOREIGN KEY (session_id, sbd) REFERENCES candidates(session_id, sbd)
        ) STRICT;
      )sql",
      // 10: double marking of the practical (chấm hai vòng, issue 15 item 5, docs/practical.md
      // "Marking"). The staff role 'marker' (Ban Chấm thi): SQLite cannot alter a CHECK, so staff
      // is rebuilt, and with it the two tables that refer to it (staff_rooms, web_sessions),
      // children dropped first so no foreign key is ever broken; every row is copied back.
      //   marking_codes        each candidate's marking code (phách), random, unique in the
      //                        session: markers see the code, never the name or số báo danh
      //   marking_assignments  the first and second marker of each drawn task of a candidate, and
      //                        the difference of totals above which the chair decides
      //   marking_marks        every mark entered, one row per entry (round 1 and 2 the markers,
      //                        3 the chair's decision): a change is a new row, none is ever
      //                        altered or removed; `files` names the work versions marked
      R"sql(
        CREATE TABLE staff_copy AS SELECT * FROM staff;
        CREATE TABLE staff_rooms_copy AS SELECT * FROM staff_rooms;
        CREATE TABLE web_sessions_copy AS SELECT * FROM web_sessions;
        DROP TABLE web_sessions;
        DROP TABLE staff_rooms;
        DROP TABLE staff;
        CREATE TABLE staff (
          username TEXT PRIMARY KEY,
          full_name TEXT NOT NULL,
          role TEXT NOT NULL
            CHECK (role IN ('proctor', 'secretary', 'setter', 'head', 'marker')),
          password_hash TEXT NOT NULL,
          created_ms INTEGER NOT NULL,
          disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
        ) STRICT;
        CREATE TABLE staff_rooms (
          username TEXT NOT NULL REFERENCES staff(username),
          session_id TEXT NOT NULL,
          room TEXT NOT NULL,
          PRIMARY KEY (username, session_id, room),
          FOREIGN KEY (session_id, room) REFERENCES rooms(session_id, name)
        ) STRICT;
        CREATE TABLE web_sessions (
          token_hash TEXT PRIMARY KEY,
          username TEXT NOT NULL REFERENCES staff(username),
          csrf_token TEXT NOT NULL,
          created_ms INTEGER NOT NULL,
          expires_ms INTEGER NOT NULL
        ) STRICT;
        INSERT INTO staff SELECT * FROM staff_copy;
        INSERT INTO staff_rooms SELECT * FROM staff_rooms_copy;
        INSERT INTO web_sessions SELECT * FROM web_sessions_copy;
        DROP TABLE staff_copy;
        DROP TABLE staff_rooms_copy;
        DROP TABLE web_sessions_copy;
        CREATE INDEX web_sessions_user ON web_sessions(username);
        CREATE TABLE marking_codes (
          session_id TEXT NOT NULL,
          sbd TEXT NOT NULL,
          code TEXT NOT NULL,
          PRIMARY KEY (session_id, sbd),
          UNIQUE (session_id, code),
          FOREIGN KEY (session_id, sbd) REFERENCES candidates(session_id, sbd)
        ) STRICT;
        CREATE TABLE marking_assignments (
          session_id TEXT NOT NULL,
          sbd TEXT NOT NULL,
          part TEXT NOT NULL,
          subpart TEXT NOT NULL,
          task_id TEXT NOT NULL,
          task_version INTEGER NOT NULL,
          first_marker TEXT NOT NULL REFERENCES staff(username),
          second_marker TEXT NOT NULL REFERENCES staff(username),
          threshold TEXT NOT NULL,
          assigned_ms INTEGER NOT NULL,
          PRIMARY KEY (session_id, sbd, part, subpart),
          FOREIGN KEY (session_id, sbd) REFERENCES marking_codes(session_id, sbd),
          CHECK (first_marker <> second_marker)
        ) STRICT;
        CREATE INDEX marking_assignments_first ON marking_assignments(first_marker);
        CREATE INDEX marking_assignments_second ON marking_assignments(second_marker);
        CREATE TABLE marking_marks (
          id INTEGER PRIMARY KEY,
          session_id TEXT NOT NULL,
          sbd TEXT NOT NULL,
          part TEXT NOT NULL,
          subpart TEXT NOT NULL,
          round INTEGER NOT NULL CHECK (round IN (1, 2, 3)),
          marker TEXT NOT NULL REFERENCES staff(username),
          lines TEXT NOT NULL,
          total TEXT NOT NULL,
          note TEXT NOT NULL,
          files TEXT NOT NULL,
          at_ms INTEGER NOT NULL,
          FOREIGN KEY (session_id, sbd, part, subpart)
            REFERENCES marking_assignments(session_id, sbd, part, subpart)
        ) STRICT;
        CREATE INDEX marking_marks_case ON marking_marks(session_id, sbd, part, subpart, round, id);
        CREATE TRIGGER marking_marks_immutable BEFORE UPDATE ON marking_marks
        BEGIN SELECT RAISE(ABORT, 'marks are kept; a change is a new entry'); END;
        CREATE TRIGGER marking_marks_permanent BEFORE DELETE ON marking_marks
        BEGIN SELECT RAISE(ABORT, 'marks are kept'); END;
      )sql",
      // 11: proposed marks on collected work (issue 16 item 4, docs/practical.md "Proposed marks
      // on collected work"). One run per (candidate, drawn task) each time the checks are run:
      //   proposal_runs   the task version checked, the work versions read (`files`: JSON
      //                   [{name, version, sha256}]), the checker's version, who ran it (server
      //                   or cli:USER), when, and how long it took; the pages show the latest
      //   proposal_lines  per points-table line: the proposed points (NULL: nothing proposed,
      //                   `reason_*` says why), the verdict, and the evidence of every check
      //                   (JSON [{check, file, verdict, score, vi, en}])
      // Both are immutable: a re-run is a new run, every run is kept.
      R"sql(
        CREATE TABLE proposal_runs (
          id INTEGER PRIMARY KEY,
          session_id TEXT NOT NULL,
          sbd TEXT NOT NULL,
          task_id TEXT NOT NULL,
          task_version INTEGER NOT NULL,
          files TEXT NOT NULL,
          checker TEXT NOT NULL,
          actor TEXT NOT NULL,
          at_ms INTEGER NOT NULL,
          elapsed_us INTEGER NOT NULL,
          FOREIGN KEY (session_id, sbd) REFERENCES candidates(session_id, sbd)
        ) STRICT;
        CREATE INDEX proposal_runs_case ON proposal_runs(session_id, sbd, task_id, id);
        CREATE TABLE proposal_lines (
          run_id INTEGER NOT NULL REFERENCES proposal_runs(id),
          seq INTEGER NOT NULL,
          code TEXT NOT NULL,
          points TEXT NOT NULL,
          proposed TEXT,
          verdict TEXT NOT NULL CHECK (verdict IN ('pass', 'partial', 'fail')),
          reason_vi TEXT NOT NULL,
          reason_en TEXT NOT NULL,
          evidence TEXT NOT NULL,
          PRIMARY KEY (run_id, seq),
          UNIQUE (run_id, code)
        ) STRICT;
        CREATE TRIGGER proposal_runs_immutable BEFORE UPDATE ON proposal_runs
        BEGIN SELECT RAISE(ABORT, 'proposals are kept; a re-run is a new run'); END;
        CREATE TRIGGER proposal_runs_permanent BEFORE DELETE ON proposal_runs
        BEGIN SELECT RAISE(ABORT, 'proposals are kept'); END;
        CREATE TRIGGER proposal_lines_immutable BEFORE UPDATE ON proposal_lines
        BEGIN SELECT RAISE(ABORT, 'proposals are kept; a re-run is a new run'); END;
        CREATE TRIGGER proposal_lines_permanent BEFORE DELETE ON proposal_lines
        BEGIN SELECT RAISE(ABORT, 'proposals are kept'); END;
      )sql",
      // 12: Safe Exam Browser per session (issue 17 item 3, docs/seb.md). One row once
      // `khaothi session seb-config` has written the session's .seb file: the station URL it
      // starts at and its Config Key; `required` (off until asked) makes the server refuse the
      // station page and the candidate WebSocket to a browser without that key.
      R"sql(
        CREATE TABLE session_seb (
          session_id TEXT PRIMARY KEY REFERENCES sessions(id),
          required INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
          start_url TEXT NOT NULL,
          config_key TEXT NOT NULL CHECK (length(config_key) = 64),
          written_ms INTEGER NOT NULL
        ) STRICT;
      )sql",
      // 13: the audit chain links batches of entries (issue 19 item 4, khaothi/centre/audit.h):
      // the server's writer chains a commit's entries by one link on the last of them, instead
      // of one link per entry. The rows already written keep their rule; the meta row records
      // the first seq of the new one, so that `khaothi audit verify` checks each row by the rule
      // it was written under and the chain goes on from the last old link.
      R"sql(
        INSERT INTO meta(key, value)
          SELECT 'audit_batched_from', CAST(COALESCE(MAX(seq), 0) + 1 AS TEXT) FROM audit;
      )sql",
  };
  return kMigrations;
}

}  // namespace

int SchemaVersion() { return static_cast<int>(Migrations().size()); }

Status SqliteStatus(sqlite3* db, int rc, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xFF) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return Status::IoError(std::move(message));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Corruption(std::move(message));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable(std::move(message));
    case SQLITE_CONSTRAINT:
      return Status::AlreadyExists(std::move(message));
    default:
      return Status::IoError(std::move(message));
  }
}

Result<Database> Database::Open(const std::string& path, bool create) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db(raw);
  if (rc != SQLITE_OK) {
    return SqliteStatus(raw, rc, "cannot open " + path);
  }
  sqlite3_busy_timeout(raw, 5000);
  sqlite3_extended_result_codes(raw, 1);
  Status s = db.Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
  if (!s.ok()) {
    return Status(s.code(), path + ": " + s.message());
  }
  return db;
}

// Idle prepared statements by their SQL text. The key views the text SQLite keeps with the
// statement (sqlite3_sql), so it lives exactly as long as the entry. One idle statement per text:
// a second one returned while the first is idle is finalized.
struct Database::StatementCache {
  // Enough for every distinct statement the server runs; texts built at run time (an IN list)
  // beyond it are finalized instead of kept.
  static constexpr size_t kMaxEntries = 128;
  std::unordered_map<std::string_view, sqlite3_stmt*> idle;

  sqlite3_stmt* Take(std::string_view sql) {
    auto it = idle.find(sql);
    if (it == idle.end()) {
      return nullptr;
    }
    sqlite3_stmt* stmt = it->second;
    idle.erase(it);
    return stmt;
  }
  void Give(sqlite3_stmt* stmt) {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    const char* sql = sqlite3_sql(stmt);
    if (sql == nullptr || idle.size() >= kMaxEntries || !idle.emplace(sql, stmt).second) {
      sqlite3_finalize(stmt);
    }
  }
  void Clear() {
    for (auto& [sql, stmt] : idle) {
      sqlite3_finalize(stmt);
    }
    idle.clear();
  }
};

Database::Database(sqlite3* db) : db_(db), cache_(std::make_unique<StatementCache>()) {}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), cache_(std::move(other.cache_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    ClearCache();
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    cache_ = std::move(other.cache_);
  }
  return *this;
}

Database::~Database() {
  ClearCache();
  sqlite3_close_v2(db_);
}

void Database::ClearCache() {
  if (cache_) {
    cache_->Clear();
  }
}

Status Database::Exec(const std::string& sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  return rc == SQLITE_OK ? Status::Ok() : SqliteStatus(db_, rc, "database");
}

Status Database::Migrate() {
  Statement version_query = Prepare("PRAGMA user_version");
  Result<bool> row = version_query.Step();
  if (!row.ok()) {
    return row.status();
  }
  const int current = version_query.ColumnInt(0);
  // A statement left stepping holds a read on the schema, and a migration that drops a table
  // would fail with "database table is locked".
  version_query.Reset();
  if (current > SchemaVersion()) {
    return Status::FailedPrecondition("the database has schema version " + std::to_string(current) +
                                      " but this build knows " + std::to_string(SchemaVersion()) +
                                      "; use a newer khaothi");
  }
  if (current == 0) {
    Statement tables = Prepare("SELECT count(*) FROM sqlite_schema");
    Result<bool> t = tables.Step();
    if (!t.ok()) {
      return t.status();
    }
    if (tables.ColumnInt(0) != 0) {
      return Status::Corruption("the file is an SQLite database of another application");
    }
    tables.Reset();
  }
  for (int v = current; v < SchemaVersion(); ++v) {
    Transaction tx(*this);
    KHAOTHI_RETURN_IF_ERROR(tx.Begin());
    KHAOTHI_RETURN_IF_ERROR(Exec(std::string(Migrations()[static_cast<size_t>(v)])));
    KHAOTHI_RETURN_IF_ERROR(Exec("PRAGMA user_version = " + std::to_string(v + 1)));
    KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  }
  return Status::Ok();
}

Statement Database::Prepare(std::string_view sql) {
  if (sqlite3_stmt* cached = cache_->Take(sql)) {
    return Statement(db_, cached, cache_.get());
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  // An SQL error is a bug in this program. Other failures (I/O, a corrupt schema) leave stmt null
  // and surface as a Status from Step().
  KHAOTHI_CHECK((rc & 0xFF) != SQLITE_ERROR || stmt != nullptr);
  return Statement(db_, stmt, cache_.get());
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), cache_(other.cache_) {}

Statement::~Statement() {
  if (stmt_ == nullptr) {
    return;
  }
  if (cache_ != nullptr) {
    cache_->Give(stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
}

void Statement::Bind(int index, std::string_view value) {
  if (stmt_ != nullptr) {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  }
}

void Statement::Bind(int index, int64_t value) {
  if (stmt_ != nullptr) {
    sqlite3_bind_int64(stmt_, index, value);
  }
}

void Statement::BindBlob(int index, std::string_view bytes) {
  if (stmt_ != nullptr) {
    // A zero-length blob from a null pointer would bind NULL: point at a valid empty buffer.
    sqlite3_bind_blob64(stmt_, index, bytes.empty() ? "" : bytes.data(),
                        static_cast<sqlite3_uint64>(bytes.size()), SQLITE_TRANSIENT);
  }
}

void Statement::BindNull(int index) {
  if (stmt_ != nullptr) {
    sqlite3_bind_null(stmt_, index);
  }
}

Result<bool> Statement::Step() {
  if (stmt_ == nullptr) {
    return SqliteStatus(db_, sqlite3_errcode(db_), "prepare");
  }
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  return SqliteStatus(db_, rc, "database");
}

Status Statement::Run() {
  Result<bool> r = Step();
  return r.ok() ? Status::Ok() : r.status();
}

void Statement::Reset() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

std::string Statement::ColumnText(int index) const {
  const auto* p = sqlite3_column_text(stmt_, index);
  const int n = sqlite3_column_bytes(stmt_, index);
  return p == nullptr ? std::string()
                      : std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
}

std::string Statement::ColumnBlob(int index) const {
  const void* p = sqlite3_column_blob(stmt_, index);
  const int n = sqlite3_column_bytes(stmt_, index);
  return p == nullptr ? std::string()
                      : std::string(static_cast<const char*>(p), static_cast<size_t>(n));
}

int Statement::ColumnInt(int index) const { return sqlite3_column_int(stmt_, index); }
int64_t Statement::ColumnInt64(int index) const { return sqlite3_column_int64(stmt_, index); }
bool Statement::ColumnIsNull(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

Transaction::~Transaction() {
  if (open_) {
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

Status Transaction::Begin() {
  KHAOTHI_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
  open_ = true;
  return Status::Ok();
}

Status Transaction::Commit() {
  KHAOTHI_RETURN_IF_ERROR(db_.Exec("COMMIT"));
  open_ = false;
  return Status::Ok();
}

}  // namespace khaothi::store
