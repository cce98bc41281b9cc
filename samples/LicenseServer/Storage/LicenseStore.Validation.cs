using System.Globalization;
using Glyphh.LicenseServer.Licenses;
using Glyphh.LicenseServer.Validation;

namespace Glyphh.LicenseServer.Storage;

internal sealed partial class LicenseStore
{
    /// <summary>
    /// Decides one validation and records the machine, in one write transaction so two machines racing for the
    /// last seat cannot both get it. An activation not seen since <paramref name="staleAfter"/> no longer holds a seat.
    /// A license whose credential <paramref name="proven"/> does not accept is answered as unknown, with no seat touched.
    /// </summary>
    public async Task<ValidationOutcome> ValidateAsync(
        LicenseLookup lookup, Func<LicenseRecord, bool> proven, string fingerprintHash, string? product, string? version, DateTimeOffset now, TimeSpan staleAfter,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);

        LicenseRecord? license;
        var by = lookup.KeyHash is not null ? "key_hash = @value" : "id = @value";
        await using (var read = connection.Command($"SELECT {LicenseColumns} FROM licenses WHERE {by}{database.ForUpdate}", transaction)
            .With("value", lookup.KeyHash ?? lookup.LicenseId))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            license = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadLicense(reader) : null;
        }

        if (license is null || !proven(license))
        {
            return new ValidationOutcome(ValidationStatus.Unknown, null, 0, "no such license");
        }
        if (product is not null && !string.Equals(product, license.Product, StringComparison.Ordinal))
        {
            // A key for another product is, for this product, no license at all.
            return new ValidationOutcome(ValidationStatus.Unknown, null, 0, "license is for another product");
        }
        if (license.State == LicenseState.Revoked)
        {
            return new ValidationOutcome(ValidationStatus.Revoked, license, 0, license.StateReason);
        }
        if (license.State == LicenseState.Suspended)
        {
            return new ValidationOutcome(ValidationStatus.Suspended, license, 0, license.StateReason);
        }
        if (now >= license.ExpiresAt)
        {
            return new ValidationOutcome(ValidationStatus.Expired, license, 0, $"expired {license.ExpiresAt:O}");
        }
        if (now < license.NotBefore)
        {
            return new ValidationOutcome(ValidationStatus.Suspended, license, 0, $"not valid before {license.NotBefore:O}");
        }

        var cutoff = Ms(now - staleAfter);
        long? lastSeen;
        await using (var existing = connection.Command(
            "SELECT last_seen FROM activations WHERE license_id = @license AND fingerprint_hash = @fp", transaction)
            .With("license", license.Id).With("fp", fingerprintHash))
        {
            lastSeen = await existing.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } v and not DBNull
                ? Convert.ToInt64(v, CultureInfo.InvariantCulture)
                : null;
        }

        long active;
        await using (var count = connection.Command(
            "SELECT COUNT(*) FROM activations WHERE license_id = @license AND last_seen >= @cutoff AND fingerprint_hash <> @fp", transaction)
            .With("license", license.Id).With("cutoff", cutoff).With("fp", fingerprintHash))
        {
            active = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        // A machine that still holds its seat keeps it; a new or returning-after-stale machine needs a free one.
        var holdsSeat = lastSeen is { } seen && seen >= cutoff;
        if (!holdsSeat && license.MaxMachines is { } max && active >= max)
        {
            return new ValidationOutcome(ValidationStatus.TooManyMachines, license, (int)active, $"{active} of {max} machines active");
        }

        var sql = lastSeen is null
            ? "INSERT INTO activations (id, license_id, fingerprint_hash, first_seen, last_seen, last_version) VALUES (@id, @license, @fp, @now, @now, @version)"
            : "UPDATE activations SET last_seen = @now, last_version = @version WHERE license_id = @license AND fingerprint_hash = @fp";
        await using (var write = connection.Command(sql, transaction)
            .With("id", "act_" + Guid.NewGuid().ToString("N")).With("license", license.Id).With("fp", fingerprintHash)
            .With("now", Ms(now)).With("version", version))
        {
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ValidationOutcome(ValidationStatus.Valid, license, (int)active + 1);
    }
}
