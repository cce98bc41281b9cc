using System.Data.Common;
using System.Text.Json;
using Glyphh.LicenseServer.Licenses;

namespace Glyphh.LicenseServer.Storage;

/// <summary>Licenses, activations and the audit trail, in SQLite or PostgreSQL with the same SQL.</summary>
internal sealed partial class LicenseStore(LicenseDatabase database)
{
    private const string LicenseColumns =
        "id, key_hash, key_hint, customer, product, mode, limits, features, max_machines, issued_at, not_before, expires_at, " +
        "revalidate_hours, grace_days, status, status_reason, updated_at, license_file";

    public LicenseDatabase Database => database;

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT COUNT(*) FROM schema_migrations");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static long Ms(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static string StateName(LicenseState state) => state.ToString().ToLowerInvariant();

    private static LicenseState ParseState(string value) => Enum.Parse<LicenseState>(value, ignoreCase: true);

    private static LicenseRecord ReadLicense(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        KeyHash = r.GetString(1),
        KeyHint = r.GetString(2),
        Customer = r.GetString(3),
        Product = r.GetString(4),
        Mode = r.GetString(5),
        Limits = JsonSerializer.Deserialize(r.GetString(6), StoreJsonContext.Default.DictionaryStringInt64) ?? [],
        Features = JsonSerializer.Deserialize(r.GetString(7), StoreJsonContext.Default.ListString) ?? [],
        MaxMachines = r.IsDBNull(8) ? null : r.GetInt32(8),
        IssuedAt = Time(r.GetInt64(9)),
        NotBefore = Time(r.GetInt64(10)),
        ExpiresAt = Time(r.GetInt64(11)),
        RevalidateHours = r.GetInt32(12),
        GraceDays = r.GetInt32(13),
        State = ParseState(r.GetString(14)),
        StateReason = r.GetNullableString(15),
        UpdatedAt = Time(r.GetInt64(16)),
        LicenseFile = r.GetString(17),
    };

    private static async Task AuditAsync(
        DbConnection connection, DbTransaction transaction, DateTimeOffset at, string actor, string action, string? licenseId,
        string detail, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "INSERT INTO audit (at, actor, action, license_id, detail) VALUES (@at, @actor, @action, @license, @detail)", transaction)
            .With("at", Ms(at)).With("actor", actor).With("action", action).With("license", licenseId).With("detail", detail);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
