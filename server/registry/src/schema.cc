#include "khaothi/registry/schema.h"

#include <string>
#include <string_view>
#include <vector>

namespace khaothi::registry {
namespace {

// Every migration, in order: migration i (0-based) takes version i to i + 1. Never edit one
// that has shipped; append a new one.
const std::vector<std::string_view>& Migrations() {
  static const std::vector<std::string_view> kMigrations = {
      // 1: centres, their issuing keys, the signed records and the conflicts refused.
      //
      // centres: one row per centre the operator registered. client_cert_sha256 is the
      // SHA-256 of the DER of the TLS client certificate the centre pushes with (its transport
      // credential, docs/registry.md "Authentication").
      //
      // centre_keys: the public keys that sign a centre's records (the head of centre's issuing
      // key). A key is valid for acts dated from valid_from (NULL: any date before) to
      // valid_until (NULL: still current); rotation closes the old key's range instead of
      // deleting it, so every record it signed stays verifiable. A key belongs to one centre.
      //
      // records: append-only (the triggers below refuse UPDATE, DELETE and TRUNCATE). record_id
      // is the record's own id, which starts with its centre's code ("LA01/UDCNTT-CB/2026/000012"),
      // so it is the global id; content_sha256 is SHA-256 of `envelope`, the envelope's
      // canonical JSON exactly as signed and pushed. The certificate columns make the register
      // sequence (centre, type, year, number) unique.
      R"sql(
        CREATE TABLE centres (
          code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_-]{1,32}$'),
          name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
          state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'suspended')),
          state_reason text NOT NULL DEFAULT '',
          client_cert_sha256 text NOT NULL UNIQUE CHECK (client_cert_sha256 ~ '^[0-9a-f]{64}$'),
          created_at timestamptz NOT NULL DEFAULT now(),
          updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE centre_keys (
          key_id text PRIMARY KEY CHECK (key_id ~ '^[0-9a-f]{16}$'),
          centre_code text NOT NULL REFERENCES centres(code),
          public_pem text NOT NULL,
          valid_from date,
          valid_until date,
          added_at timestamptz NOT NULL DEFAULT now(),
          CHECK (valid_from IS NULL OR valid_until IS NULL OR valid_from <= valid_until)
        );
        CREATE UNIQUE INDEX centre_keys_one_current ON centre_keys(centre_code)
          WHERE valid_until IS NULL;
        CREATE TABLE records (
          seq bigserial PRIMARY KEY,
          record_id text NOT NULL UNIQUE CHECK (length(record_id) BETWEEN 3 AND 256),
          centre_code text NOT NULL REFERENCES centres(code),
          kind text NOT NULL,
          content_sha256 text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
          key_id text NOT NULL REFERENCES centre_keys(key_id),
          act_date date NOT NULL,
          cert_type text,
          cert_year integer,
          register_no integer CHECK (register_no >= 1),
          serial text,
          cites text,
          envelope text NOT NULL,
          received_at timestamptz NOT NULL DEFAULT now(),
          CHECK ((kind LIKE 'khaothi.certificate.%') = (register_no IS NOT NULL))
        );
        CREATE UNIQUE INDEX records_register ON records(centre_code, cert_type, cert_year, register_no)
          WHERE register_no IS NOT NULL;
        CREATE UNIQUE INDEX records_one_revocation ON records(cites)
          WHERE kind = 'khaothi.revocation.v1';
        CREATE INDEX records_centre ON records(centre_code, seq);
        CREATE TABLE conflicts (
          seq bigserial PRIMARY KEY,
          record_id text NOT NULL,
          centre_code text NOT NULL REFERENCES centres(code),
          stored_sha256 text NOT NULL,
          offered_sha256 text NOT NULL,
          envelope text NOT NULL,
          received_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE FUNCTION khaothi_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
        END $$;
        CREATE TRIGGER records_append_only BEFORE UPDATE OR DELETE ON records
          FOR EACH ROW EXECUTE FUNCTION khaothi_append_only();
        CREATE TRIGGER records_no_truncate BEFORE TRUNCATE ON records
          FOR EACH STATEMENT EXECUTE FUNCTION khaothi_append_only();
        CREATE TRIGGER conflicts_append_only BEFORE UPDATE OR DELETE ON conflicts
          FOR EACH ROW EXECUTE FUNCTION khaothi_append_only();
        CREATE TRIGGER conflicts_no_truncate BEFORE TRUNCATE ON conflicts
          FOR EACH STATEMENT EXECUTE FUNCTION khaothi_append_only();
      )sql",
      // 2: the public lookup's indexes, the centres' province (the national export) and the
      // certificates by date (the export's period).
      //
      // A lookup gives the holder's date of birth and the serial or the register number N/YYYY
      // (lookup.h); the date of birth is read from the signed envelope itself, so the index
      // holds exactly what was signed, and nothing is stored twice. The name is compared
      // afterwards, on the one or two rows these find.
      //
      // centres.province: the province (tỉnh/thành phố) the centre is in, as the operator
      // writes it ('' until set: `centre add --province`, `centre set-province`).
      R"sql(
        CREATE INDEX records_lookup_register ON records
          ((envelope::jsonb #>> '{record,holder,date_of_birth}'), register_no, cert_year)
          WHERE register_no IS NOT NULL;
        CREATE INDEX records_lookup_serial ON records
          ((envelope::jsonb #>> '{record,holder,date_of_birth}'), serial)
          WHERE register_no IS NOT NULL;
        CREATE INDEX records_certificates_by_date ON records(act_date, seq)
          WHERE register_no IS NOT NULL;
        ALTER TABLE centres ADD COLUMN province text NOT NULL DEFAULT ''
          CHECK (length(province) <= 100 AND province !~ '[[:cntrl:]]');
      )sql",
      // 3: what each key signs. 'issuing': the head of centre's key, for decisions,
      // certificates and revocations; 'receipt': the centre server's receipt key, for entered
      // marks and re-marked results. A centre has at most one current key of each purpose.
      R"sql(
        ALTER TABLE centre_keys ADD COLUMN purpose text NOT NULL DEFAULT 'issuing'
          CHECK (purpose IN ('issuing', 'receipt'));
        DROP INDEX centre_keys_one_current;
        CREATE UNIQUE INDEX centre_keys_one_current ON centre_keys(centre_code, purpose)
          WHERE valid_until IS NULL;
      )sql",
  };
  return kMigrations;
}

// Any 64-bit number, the same in every registry process: the advisory lock of Migrate().
constexpr int64_t kMigrationLock = 0x6b68616f746869;  // "khaothi"

}  // namespace

int SchemaVersion() { return static_cast<int>(Migrations().size()); }

Result<int> CurrentSchemaVersion(pg::Connection& conn) {
  KHAOTHI_ASSIGN_OR_RETURN(
      pg::Rows rows,
      conn.Query("read the schema version", "SELECT to_regclass('schema_migrations') IS NOT NULL"));
  if (rows.Text(0, 0) != "t") {
    return 0;
  }
  KHAOTHI_ASSIGN_OR_RETURN(pg::Rows v,
                           conn.Query("read the schema version",
                                      "SELECT coalesce(max(version), 0) FROM schema_migrations"));
  return static_cast<int>(v.Int64(0, 0));
}

Status Migrate(pg::Connection& conn) {
  const auto& migrations = Migrations();
  for (;;) {
    pg::Transaction tx(conn);
    KHAOTHI_RETURN_IF_ERROR(tx.Begin());
    KHAOTHI_RETURN_IF_ERROR(
        conn.Exec("lock the schema", "SELECT pg_advisory_xact_lock($1)", {kMigrationLock}));
    KHAOTHI_RETURN_IF_ERROR(conn.ExecScript("create schema_migrations", R"sql(
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version integer PRIMARY KEY CHECK (version >= 1),
          applied_at timestamptz NOT NULL DEFAULT now()
        ))sql"));
    KHAOTHI_ASSIGN_OR_RETURN(const int current, CurrentSchemaVersion(conn));
    if (current > SchemaVersion()) {
      return Status::FailedPrecondition("the registry database is at schema version " +
                                        std::to_string(current) + ", newer than this build's " +
                                        std::to_string(SchemaVersion()) +
                                        "; run the newer khaothi-registry");
    }
    if (current == SchemaVersion()) {
      return tx.Commit();
    }
    const std::string what = "apply migration " + std::to_string(current + 1);
    KHAOTHI_RETURN_IF_ERROR(
        conn.ExecScript(what, std::string(migrations[static_cast<size_t>(current)])));
    KHAOTHI_RETURN_IF_ERROR(
        conn.Exec(what, "INSERT INTO schema_migrations(version) VALUES ($1)", {current + 1}));
    KHAOTHI_RETURN_IF_ERROR(tx.Commit());
  }
}

}  // namespace khaothi::registry
