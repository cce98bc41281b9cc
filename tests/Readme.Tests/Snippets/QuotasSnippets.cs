#region QuotasUsings
using Glyphh.Quotas;
using Glyphh.Quotas.PostgreSql;
using Npgsql;
#endregion
using Glyphh.Auth;

namespace Glyphh.Readme.Tests.Snippets;

/// <summary>The C# blocks of src/Quotas/README.md.</summary>
internal static class QuotasSnippets
{
    /// <summary>The quick start, run end to end by <c>QuotasQuickStartTests</c>.</summary>
    public static void QuickStart(string[] args)
    {
        #region QuotasQuickStart
        var builder = WebApplication.CreateBuilder(args);
        var data = NpgsqlDataSource.Create(builder.Configuration.GetConnectionString("Items")!);
        builder.Services.AddGlyphhQuotas(builder.Configuration.GetSection(GlyphhQuotasOptions.SectionName))
            .AddResource("items", QuotaLimit.Of(1_000))            // per namespace; Glyphh:Quotas:DefaultLimits:items wins
            .AddResource("bytes", QuotaLimit.Of(10_000_000))
            .UsePostgreSql(data)                                    // usage tables in the same database as the items
            .AddNamespaceCheck(async (_, ns, ct) => await TeamExistsAsync(data, ns, ct));

        var app = builder.Build();
        app.UseExceptionHandler();                                  // a thrown QuotaException becomes problem+json
        app.MapGlyphhQuotas();                                      // GET/PUT /namespaces/{namespace}/quotas: protect them (see HTTP)

        app.MapPost("/teams/{team}/items", async (string team, NewItem item, PostgreSqlQuotas quotas, CancellationToken ct) =>
        {
            await using var connection = await data.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var reservation = await quotas.In(transaction).ReserveAsync(team, [new("items", 1), new("bytes", item.Text.Length)], ct);
            if (!reservation.IsGranted)
            {
                return QuotaResults.Exceeded(reservation.Denial!);  // 403 quota-exceeded; the transaction rolls back
            }
            await using var insert = new NpgsqlCommand("INSERT INTO items (team, text) VALUES ($1, $2)", connection, transaction);
            insert.Parameters.Add(new() { Value = team });
            insert.Parameters.Add(new() { Value = item.Text });
            await insert.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);                      // usage and row commit together, or neither does
            return Results.Created();
        });

        app.MapGet("/teams/{team}/usage", async (string team, IQuotaService quotas, CancellationToken ct) =>
            (await quotas.GetStatusAsync(team, ct)).Usage);
        app.Run();
        #endregion
    }

    public static void Lease(WebApplication app)
    {
        #region QuotasLease
        app.MapPut("/projects/{project}/files/{name}", async (string project, string name, FileBody file, IQuotaService quotas, FileStore files) =>
        {
            var previous = await files.SizeAsync(project, name);
            await using var reservation = await quotas.ReserveAsync(project, [new("files", previous is null ? 1 : 0), new("bytes", file.Size - (previous ?? 0))]);
            reservation.ThrowIfDenied();                             // 403 through UseExceptionHandler()
            await files.WriteAsync(project, name, file);             // throws: the reservation is undone on dispose
            reservation.Commit();
            return Results.NoContent();
        });
        #endregion
    }

    public static async Task Reconcile(IQuotaService quotas, NpgsqlDataSource data)
    {
        #region QuotasReconcile
        await quotas.ReconcileAsync("team-a", "items", async ct =>
        {
            await using var count = data.CreateCommand("SELECT count(*) FROM items WHERE team = 'team-a'");
            return (long)(await count.ExecuteScalarAsync(ct))!;
        });
        #endregion
    }

    public static void EndpointsAuth(WebApplication app)
    {
        #region QuotasEndpointsAuth
        var quotaRoutes = app.MapGlyphhQuotas();
        quotaRoutes.Read.RequireNamespacePermission(NamespacePermission.Read, "namespace");
        quotaRoutes.Update.RequirePlatformAdmin();
        #endregion
    }

    /// <summary>The host's own lookup the quick start's namespace check calls.</summary>
    public static async Task<bool> TeamExistsAsync(NpgsqlDataSource data, string team, CancellationToken cancellationToken)
    {
        await using var exists = data.CreateCommand("SELECT EXISTS (SELECT 1 FROM teams WHERE name = $1)");
        exists.Parameters.Add(new() { Value = team });
        return (bool)(await exists.ExecuteScalarAsync(cancellationToken))!;
    }
}

/// <summary>The quick start's request body.</summary>
internal sealed record NewItem(string Text);

/// <summary>The lease example's request body.</summary>
internal sealed record FileBody(long Size, string Content);

/// <summary>Stands in for a host's file storage in the lease example.</summary>
internal sealed class FileStore
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), FileBody> _files = new();

    public Task<long?> SizeAsync(string project, string name) =>
        Task.FromResult(_files.TryGetValue((project, name), out var file) ? file.Size : (long?)null);

    public Task WriteAsync(string project, string name, FileBody file)
    {
        _files[(project, name)] = file;
        return Task.CompletedTask;
    }
}
