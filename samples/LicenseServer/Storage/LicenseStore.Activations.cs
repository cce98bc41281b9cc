using System.Text.Json;
using Glyphh.LicenseServer.Licenses;

namespace Glyphh.LicenseServer.Storage;

internal sealed partial class LicenseStore
{
    public async Task<IReadOnlyList<ActivationRecord>> ListActivationsAsync(string licenseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT id, license_id, fingerprint_hash, first_seen, last_seen, last_version FROM activations " +
            "WHERE license_id = @license ORDER BY last_seen DESC, id").With("license", licenseId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<ActivationRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(new ActivationRecord(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), Time(reader.GetInt64(3)), Time(reader.GetInt64(4)),
                reader.GetNullableString(5)));
        }
        return items;
    }

    /// <summary>Frees a seat at once (e.g. a decommissioned machine). Returns false when there was no such activation.</summary>
    public async Task<bool> RemoveActivationAsync(
        string licenseId, string activationId, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        string? fingerprint;
        await using (var read = connection.Command(
            "SELECT fingerprint_hash FROM activations WHERE id = @id AND license_id = @license", transaction)
            .With("id", activationId).With("license", licenseId))
        {
            fingerprint = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }
        if (fingerprint is null)
        {
            return false;
        }
        await using (var delete = connection.Command("DELETE FROM activations WHERE id = @id", transaction).With("id", activationId))
        {
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var detail = JsonSerializer.Serialize(
            new Dictionary<string, string?> { ["activation_id"] = activationId, ["fingerprint_hash_prefix"] = fingerprint[..Math.Min(12, fingerprint.Length)] },
            StoreJsonContext.Default.DictionaryStringString);
        await AuditAsync(connection, transaction, now, actor, "activation.remove", licenseId, detail, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<AuditRecord>> ListAuditAsync(string? licenseId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT id, at, actor, action, license_id, detail FROM audit" +
            (licenseId is null ? "" : " WHERE license_id = @license") + " ORDER BY id DESC LIMIT @limit")
            .With("limit", limit);
        if (licenseId is not null)
        {
            command.With("license", licenseId);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<AuditRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(new AuditRecord(
                reader.GetInt64(0), Time(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3), reader.GetNullableString(4), reader.GetString(5)));
        }
        return items;
    }
}
