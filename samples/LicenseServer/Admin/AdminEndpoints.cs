using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Glyphh.LicenseServer.Configuration;
using Glyphh.LicenseServer.Licenses;
using Glyphh.LicenseServer.OpenApi;
using Glyphh.LicenseServer.Problems;
using Glyphh.LicenseServer.Signing;
using Glyphh.LicenseServer.Storage;
using Microsoft.OpenApi;

namespace Glyphh.LicenseServer.Admin;

/// <summary>The admin API under <c>/api/v1/admin</c>: licenses, their state, their machines, and the audit trail.</summary>
internal static class AdminEndpoints
{
    public const string Prefix = "/api/v1/admin";

    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix).WithTags("admin").WithAdminProblems();
        group.MapPost("/licenses", CreateAsync).WithName("CreateLicense").WithSummary("Issue a license: its online key (shown once) and signed file.")
            .WithJsonBody<CreateLicenseRequest>().Produces<CreatedLicenseResponse>(StatusCodes.Status201Created);
        group.MapGet("/licenses", ListAsync).WithName("ListLicenses").WithSummary("A page of licenses, newest first.")
            .WithQuery(("customer", JsonSchemaType.String, "Only this customer's."), ("product", JsonSchemaType.String, "Only this product's."),
                ("status", JsonSchemaType.String, "active, suspended or revoked."),
                ("limit", JsonSchemaType.Integer, LicenseServerOpenApi.Range(1, 500, 50)), ("offset", JsonSchemaType.Integer, LicenseServerOpenApi.Range(0, int.MaxValue, 0)))
            .Produces<LicenseListResponse>();
        group.MapGet("/licenses/{id}", ShowAsync).WithName("GetLicense").WithSummary("One license.")
            .Produces<LicenseResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/licenses/{id}/file", FileAsync).WithName("GetLicenseFile").WithSummary("The signed license file (PEM armour).")
            .Produces<string>(StatusCodes.Status200OK, "application/x-glyphh-license").ProducesProblem(StatusCodes.Status404NotFound);
        foreach (var (action, state, summary) in new[]
        {
            ("suspend", LicenseState.Suspended, "Suspend a license: validations answer suspended until it is reinstated."),
            ("reinstate", LicenseState.Active, "Reinstate a suspended license."),
            ("revoke", LicenseState.Revoked, "Revoke a license, for good."),
        })
        {
            group.MapPost($"/licenses/{{id}}/{action}", (HttpContext c, string id, LicenseStore s, TimeProvider t) => ChangeStateAsync(c, id, state, s, t))
                .WithName(char.ToUpperInvariant(action[0]) + action[1..] + "License").WithSummary(summary)
                .WithJsonBody<StateChangeRequest>(optional: true).Produces<LicenseResponse>()
                .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        }
        group.MapGet("/licenses/{id}/activations", ActivationsAsync).WithName("ListActivations").WithSummary("The machines a license was validated from.")
            .Produces<ActivationListResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/licenses/{id}/activations/{activationId}", RemoveActivationAsync).WithName("RemoveActivation")
            .WithSummary("Free a machine's seat.").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/audit", AuditAsync).WithName("ListAudit").WithSummary("The audit trail, newest first.")
            .WithQuery(("license_id", JsonSchemaType.String, "Only this license's entries."), ("limit", JsonSchemaType.Integer, LicenseServerOpenApi.Range(1, 1000, 100)))
            .Produces<AuditListResponse>();
        return group;
    }

    /// <summary>Who did it, for the audit trail: the API key's name (or its hash prefix).</summary>
    internal static string Actor(ClaimsPrincipal user) =>
        user.Identity?.Name is { Length: > 0 } name ? name : user.FindFirstValue(Glyphh.Auth.GlyphhAuthDefaults.SubjectClaim) ?? "unknown";

    private static async Task<IResult> CreateAsync(
        HttpContext context, LicenseStore store, LicenseSigner signer, LicenseServerOptions options, TimeProvider time)
    {
        var (request, problem) = await JsonBody.ReadAsync(context, AdminJsonContext.Default.CreateLicenseRequest, options.MaxRequestBodyBytes);
        if (problem is not null)
        {
            return problem;
        }
        var now = time.GetUtcNow();
        var errors = CreateLicenseValidator.Validate(request!, now);
        if (errors.Count > 0)
        {
            return Problem.Validation(errors);
        }

        var key = signer.NewOnlineKey();
        var license = new LicenseRecord
        {
            Id = "lic_" + Guid.NewGuid().ToString("N"),
            KeyHash = OnlineKeys.Hash(key),
            KeyHint = key[^4..],
            Customer = request!.Customer!.Trim(),
            Product = request.Product ?? options.DefaultProduct,
            Mode = LicenseModes.Normalize(request.Mode)!,
            Limits = (request.Limits ?? []).Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!.Value, StringComparer.Ordinal),
            Features = [.. (request.Features ?? []).Distinct(StringComparer.Ordinal)],
            MaxMachines = request.MaxMachines,
            IssuedAt = now,
            NotBefore = request.NotBefore ?? now,
            ExpiresAt = request.ExpiresAt!.Value,
            RevalidateHours = request.RevalidateHours ?? 24,
            GraceDays = request.GraceDays ?? 7,
            State = LicenseState.Active,
            UpdatedAt = now,
            LicenseFile = "",
        };
        license = license with { LicenseFile = signer.IssueLicenseFile(license, request.MachineFingerprints, request.OfflineCallHome ?? false) };

        var detail = JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["customer"] = license.Customer,
            ["product"] = license.Product,
            ["mode"] = license.Mode,
            ["expires_at"] = license.ExpiresAt.ToString("O", CultureInfo.InvariantCulture),
            ["max_machines"] = license.MaxMachines?.ToString(CultureInfo.InvariantCulture),
            ["key_hint"] = license.KeyHint,
        }, StoreJsonContext.Default.DictionaryStringString);
        await store.InsertAsync(license, Actor(context.User), detail, context.RequestAborted);
        Log.AdminChange(Logger(context), Actor(context.User), "license.create", license.Id);

        return Results.Json(
            new CreatedLicenseResponse(ToResponse(license, now), key, license.LicenseFile),
            AdminJsonContext.Default.CreatedLicenseResponse,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(HttpContext context, LicenseStore store, TimeProvider time)
    {
        var query = context.Request.Query;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var limit = ReadInt(query["limit"], 50, 1, 500, "limit", errors);
        var offset = ReadInt(query["offset"], 0, 0, int.MaxValue, "offset", errors);
        LicenseState? state = null;
        var status = query["status"].ToString();
        if (status.Length > 0)
        {
            if (Enum.TryParse<LicenseState>(status, ignoreCase: true, out var parsed) && !int.TryParse(status, out _))
            {
                state = parsed;
            }
            else
            {
                errors["status"] = ["must be active, suspended or revoked."];
            }
        }
        if (errors.Count > 0)
        {
            return Problem.Validation(errors);
        }
        var filter = new LicenseFilter(
            query["customer"].ToString() is { Length: > 0 } c ? c : null,
            query["product"].ToString() is { Length: > 0 } p ? p : null,
            state, limit, offset);
        var page = await store.ListAsync(filter, context.RequestAborted);
        var now = time.GetUtcNow();
        return Results.Json(
            new LicenseListResponse([.. page.Items.Select(l => ToResponse(l, now))], page.Total, limit, offset),
            AdminJsonContext.Default.LicenseListResponse);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, string id, LicenseStore store, TimeProvider time) =>
        await store.GetAsync(id, context.RequestAborted) is { } license
            ? Results.Json(ToResponse(license, time.GetUtcNow()), AdminJsonContext.Default.LicenseResponse)
            : Problem.NotFound($"No license '{id}'.");

    private static async Task<IResult> FileAsync(HttpContext context, string id, LicenseStore store) =>
        await store.GetAsync(id, context.RequestAborted) is { } license
            ? Results.Text(license.LicenseFile, "application/x-glyphh-license")
            : Problem.NotFound($"No license '{id}'.");

    private static async Task<IResult> ChangeStateAsync(HttpContext context, string id, LicenseState state, LicenseStore store, TimeProvider time)
    {
        string? reason = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var (body, problem) = await JsonBody.ReadAsync(context, AdminJsonContext.Default.StateChangeRequest, 16 * 1024);
            if (problem is not null)
            {
                return problem;
            }
            reason = body!.Reason?.Trim();
            if (reason is { Length: > 500 })
            {
                return Problem.Validation("reason", "must be at most 500 characters.");
            }
        }

        var now = time.GetUtcNow();
        var change = await store.ChangeStateAsync(id, state, reason, Actor(context.User), now, context.RequestAborted);
        if (change.Result == StateChangeResult.Changed)
        {
            Log.AdminChange(Logger(context), Actor(context.User), state switch
            {
                LicenseState.Active => "license.reinstate",
                LicenseState.Suspended => "license.suspend",
                _ => "license.revoke",
            }, id);
        }
        return change.Result switch
        {
            StateChangeResult.NotFound => Problem.NotFound($"No license '{id}'."),
            StateChangeResult.Conflict => Problem.Conflict($"License '{id}' is revoked; revocation is final."),
            _ => Results.Json(ToResponse(change.License!, now), AdminJsonContext.Default.LicenseResponse),
        };
    }

    private static async Task<IResult> ActivationsAsync(HttpContext context, string id, LicenseStore store, LicenseServerOptions options, TimeProvider time)
    {
        if (await store.GetAsync(id, context.RequestAborted) is not { } license)
        {
            return Problem.NotFound($"No license '{id}'.");
        }
        var cutoff = time.GetUtcNow() - options.ActivationStaleAfter;
        var items = (await store.ListActivationsAsync(id, context.RequestAborted))
            .Select(a => new ActivationResponse(a.Id, a.FingerprintHash, a.FirstSeen, a.LastSeen, a.LastVersion, a.LastSeen >= cutoff))
            .ToList();
        return Results.Json(new ActivationListResponse(items, items.Count(a => a.Active), license.MaxMachines), AdminJsonContext.Default.ActivationListResponse);
    }

    private static async Task<IResult> RemoveActivationAsync(HttpContext context, string id, string activationId, LicenseStore store, TimeProvider time)
    {
        if (!await store.RemoveActivationAsync(id, activationId, Actor(context.User), time.GetUtcNow(), context.RequestAborted))
        {
            return Problem.NotFound($"No activation '{activationId}' on license '{id}'.");
        }
        Log.AdminChange(Logger(context), Actor(context.User), "activation.remove", id);
        return Results.NoContent();
    }

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Glyphh.LicenseServer.Admin");

    private static async Task<IResult> AuditAsync(HttpContext context, LicenseStore store)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var limit = ReadInt(context.Request.Query["limit"], 100, 1, 1000, "limit", errors);
        if (errors.Count > 0)
        {
            return Problem.Validation(errors);
        }
        var licenseId = context.Request.Query["license_id"].ToString() is { Length: > 0 } l ? l : null;
        var rows = await store.ListAuditAsync(licenseId, limit, context.RequestAborted);
        return Results.Json(
            new AuditListResponse([.. rows.Select(r => new AuditResponse(r.Id, r.At, r.Actor, r.Action, r.LicenseId, r.Detail))]),
            AdminJsonContext.Default.AuditListResponse);
    }

    internal static LicenseResponse ToResponse(LicenseRecord l, DateTimeOffset now) => new(
        l.Id, l.Customer, l.Product, l.Mode,
        l.State == LicenseState.Active && now >= l.ExpiresAt ? "expired" : l.State.ToString().ToLowerInvariant(),
        l.StateReason, "GLYPHH-****-****-****-" + l.KeyHint, l.IssuedAt, l.NotBefore, l.ExpiresAt, l.Limits, l.Features, l.MaxMachines,
        l.RevalidateHours, l.GraceDays, l.UpdatedAt);

    private static int ReadInt(string? value, int fallback, int min, int max, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }
        errors[name] = [$"must be a whole number from {min} to {max}."];
        return fallback;
    }
}
