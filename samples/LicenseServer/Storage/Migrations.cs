namespace Glyphh.LicenseServer.Storage;

/// <summary>The schema, as numbered steps. Times are Unix milliseconds (BIGINT) so both engines agree.</summary>
internal static class Migrations
{
    // Both engines take the same DDL but for the audit table's generated key.
    private const string Schema1 = """
                CREATE TABLE licenses (
                    id TEXT PRIMARY KEY,
                    key_hash TEXT NOT NULL UNIQUE,
                    key_hint TEXT NOT NULL,
                    customer TEXT NOT NULL,
                    product TEXT NOT NULL,
                    mode TEXT NOT NULL,
                    limits TEXT NOT NULL,
                    features TEXT NOT NULL,
                    max_machines INTEGER NULL,
                    issued_at BIGINT NOT NULL,
                    not_before BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    revalidate_hours INTEGER NOT NULL,
                    grace_days INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    status_reason TEXT NULL,
                    updated_at BIGINT NOT NULL,
                    license_file TEXT NOT NULL
                );
                CREATE INDEX ix_licenses_customer ON licenses (customer);
                CREATE INDEX ix_licenses_issued ON licenses (issued_at, id);
                CREATE TABLE activations (
                    id TEXT PRIMARY KEY,
                    license_id TEXT NOT NULL REFERENCES licenses (id),
                    fingerprint_hash TEXT NOT NULL,
                    first_seen BIGINT NOT NULL,
                    last_seen BIGINT NOT NULL,
                    last_version TEXT NULL,
                    UNIQUE (license_id, fingerprint_hash)
                );
                CREATE TABLE audit (
                    id @AUDIT_ID@,
                    at BIGINT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    license_id TEXT NULL,
                    detail TEXT NOT NULL
                );
                CREATE INDEX ix_audit_license ON audit (license_id, id);
                """;

    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "licenses, activations, audit",
            Sqlite: Schema1.Replace("@AUDIT_ID@", "INTEGER PRIMARY KEY AUTOINCREMENT", StringComparison.Ordinal),
            PostgreSql: Schema1.Replace("@AUDIT_ID@", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", StringComparison.Ordinal)),
    ];
}
