using System.Text;
using System.Text.Json;
using Glyphh.LicenseServer.Licenses;

namespace Glyphh.LicenseServer.Storage;

internal sealed partial class LicenseStore
{
    public async Task InsertAsync(LicenseRecord license, string actor, string auditDetail, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await using (var command = connection.Command(
            $"INSERT INTO licenses ({LicenseColumns}) VALUES (@id, @key_hash, @key_hint, @customer, @product, @mode, @limits, @features, " +
            "@max_machines, @issued_at, @not_before, @expires_at, @revalidate_hours, @grace_days, @status, @status_reason, @updated_at, @license_file)",
            transaction))
        {
            command.With("id", license.Id).With("key_hash", license.KeyHash).With("key_hint", license.KeyHint)
                .With("customer", license.Customer).With("product", license.Product).With("mode", license.Mode)
                .With("limits", JsonSerializer.Serialize(new Dictionary<string, long>(license.Limits), StoreJsonContext.Default.DictionaryStringInt64))
                .With("features", JsonSerializer.Serialize(license.Features.ToList(), StoreJsonContext.Default.ListString))
                .With("max_machines", license.MaxMachines).With("issued_at", Ms(license.IssuedAt)).With("not_before", Ms(license.NotBefore))
                .With("expires_at", Ms(license.ExpiresAt)).With("revalidate_hours", license.RevalidateHours).With("grace_days", license.GraceDays)
                .With("status", StateName(license.State)).With("status_reason", license.StateReason).With("updated_at", Ms(license.UpdatedAt))
                .With("license_file", license.LicenseFile);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await AuditAsync(connection, transaction, license.IssuedAt, actor, "license.create", license.Id, auditDetail, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<LicenseRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {LicenseColumns} FROM licenses WHERE id = @id").With("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadLicense(reader) : null;
    }

    public async Task<LicensePage> ListAsync(LicenseFilter filter, CancellationToken cancellationToken)
    {
        var where = new StringBuilder(" WHERE 1 = 1");
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var count = connection.Command("");
        await using var select = connection.Command("");
        foreach (var command in new[] { count, select })
        {
            if (filter.Customer is { } customer)
            {
                command.With("customer", "%" + customer.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
                    .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%");
            }
            if (filter.Product is { } product)
            {
                command.With("product", product);
            }
            if (filter.State is { } state)
            {
                command.With("status", StateName(state));
            }
        }
        if (filter.Customer is not null)
        {
            where.Append(" AND LOWER(customer) LIKE @customer ESCAPE '\\'");
        }
        if (filter.Product is not null)
        {
            where.Append(" AND product = @product");
        }
        if (filter.State is not null)
        {
            where.Append(" AND status = @status");
        }

        count.CommandText = "SELECT COUNT(*) FROM licenses" + where;
        var total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);

        select.CommandText = $"SELECT {LicenseColumns} FROM licenses{where} ORDER BY issued_at DESC, id DESC LIMIT @limit OFFSET @offset";
        select.With("limit", filter.Limit).With("offset", filter.Offset);
        var items = new List<LicenseRecord>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(ReadLicense(reader));
        }
        return new LicensePage(items, total);
    }

    /// <summary>
    /// Moves a license to <paramref name="state"/> and audits it, in one transaction.
    /// Revocation is final: a revoked license cannot be suspended or reinstated.
    /// </summary>
    public async Task<StateChange> ChangeStateAsync(
        string id, LicenseState state, string? reason, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        LicenseRecord? current;
        await using (var read = connection.Command($"SELECT {LicenseColumns} FROM licenses WHERE id = @id{database.ForUpdate}", transaction).With("id", id))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            current = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadLicense(reader) : null;
        }
        if (current is null)
        {
            return new StateChange(StateChangeResult.NotFound, null);
        }
        if (current.State == LicenseState.Revoked)
        {
            return new StateChange(state == LicenseState.Revoked ? StateChangeResult.Unchanged : StateChangeResult.Conflict, current);
        }
        if (current.State == state)
        {
            return new StateChange(StateChangeResult.Unchanged, current);
        }

        await using (var update = connection.Command(
            "UPDATE licenses SET status = @status, status_reason = @reason, updated_at = @now WHERE id = @id", transaction)
            .With("status", StateName(state)).With("reason", reason).With("now", Ms(now)).With("id", id))
        {
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var action = state switch
        {
            LicenseState.Active => "license.reinstate",
            LicenseState.Suspended => "license.suspend",
            _ => "license.revoke",
        };
        var detail = JsonSerializer.Serialize(
            new Dictionary<string, string?> { ["from"] = StateName(current.State), ["to"] = StateName(state), ["reason"] = reason },
            StoreJsonContext.Default.DictionaryStringString);
        await AuditAsync(connection, transaction, now, actor, action, id, detail, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new StateChange(StateChangeResult.Changed, current with { State = state, StateReason = reason, UpdatedAt = now });
    }
}
