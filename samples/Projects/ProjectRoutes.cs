using Glyphh.Auth;
using Glyphh.Quotas;

namespace Glyphh.Samples.Projects;

/// <summary>The body of <c>POST /namespaces/{namespace}/projects</c>.</summary>
internal sealed record NewProject(string? Name);

/// <summary>The body of <c>PUT .../items/{item}</c>.</summary>
internal sealed record ItemBody(string? Value);

/// <summary>A project as answered.</summary>
internal sealed record ProjectView(string Id, string Name, IReadOnlyDictionary<string, string> Items)
{
    public static ProjectView Of(Project project) => new(project.Id, project.Name, new SortedDictionary<string, string>(project.Items, StringComparer.Ordinal));
}

/// <summary>
/// The service's own routes. Each counts what it creates against the namespace's quotas: <c>projects</c> per
/// project, <c>items</c> per item, released again on delete.
/// </summary>
internal static class ProjectRoutes
{
    /// <summary>The base of this service's own problem types (the packages' is set in appsettings.json).</summary>
    public const string ProblemTypeBase = "https://errors.projects.example/";

    private const int MaxTextLength = 200;

    public static void MapProjects(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/namespaces/{namespace}/projects");
        projects.MapPost("/", CreateAsync).RequireNamespacePermission(NamespacePermission.Write);
        projects.MapGet("/{id}", Get).RequireNamespacePermission(NamespacePermission.Read);
        projects.MapDelete("/{id}", DeleteAsync).RequireNamespacePermission(NamespacePermission.Write);
        projects.MapPut("/{id}/items/{item}", PutItemAsync).RequireNamespacePermission(NamespacePermission.Write);
    }

    private static async Task<IResult> CreateAsync(string @namespace, NewProject body, IQuotaService quotas, ProjectStore store, CancellationToken cancellationToken)
    {
        if (Invalid("name", body.Name) is { } invalid)
        {
            return invalid;
        }

        // Disposing without Commit() gives the reservation back, so a failed create leaks nothing.
        await using var reservation = await quotas.ReserveAsync(@namespace, "projects", 1, cancellationToken);
        if (!reservation.IsGranted)
        {
            return QuotaResults.Exceeded(reservation.Denial!);
        }

        var project = store.Add(@namespace, body.Name!);
        reservation.Commit();
        return Results.Created($"/namespaces/{@namespace}/projects/{project.Id}", ProjectView.Of(project));
    }

    private static IResult Get(string @namespace, string id, ProjectStore store) =>
        store.Find(@namespace, id) is { } project ? Results.Ok(ProjectView.Of(project)) : NotFound(@namespace, id);

    private static async Task<IResult> DeleteAsync(string @namespace, string id, IQuotaService quotas, ProjectStore store, CancellationToken cancellationToken)
    {
        if (store.Remove(@namespace, id) is not { } project)
        {
            return NotFound(@namespace, id);
        }

        await quotas.ReleaseAsync(@namespace, [new("projects", 1), new("items", project.Items.Count)], cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> PutItemAsync(string @namespace, string id, string item, ItemBody body, IQuotaService quotas, ProjectStore store, CancellationToken cancellationToken)
    {
        if ((Invalid("item", item) ?? Invalid("value", body.Value)) is { } invalid)
        {
            return invalid;
        }

        if (store.Find(@namespace, id) is not { } project)
        {
            return NotFound(@namespace, id);
        }

        if (project.Items.ContainsKey(item))
        {
            project.Items[item] = body.Value!;
            return Results.Ok(ProjectView.Of(project));
        }

        await using var reservation = await quotas.ReserveAsync(@namespace, "items", 1, cancellationToken);
        if (!reservation.IsGranted)
        {
            return QuotaResults.Exceeded(reservation.Denial!);
        }

        // A concurrent PUT of the same new item may win: then this one replaces it and gives its reservation back.
        if (!project.Items.TryAdd(item, body.Value!))
        {
            project.Items[item] = body.Value!;
            return Results.Ok(ProjectView.Of(project));
        }

        reservation.Commit();
        return Results.Created($"/namespaces/{@namespace}/projects/{id}/items/{item}", ProjectView.Of(project));
    }

    private static IResult? Invalid(string field, string? value) =>
        string.IsNullOrWhiteSpace(value) || value.Length > MaxTextLength
            ? Results.ValidationProblem(
                new Dictionary<string, string[]> { [field] = [$"{field} is required, at most {MaxTextLength} characters"] },
                type: ProblemTypeBase + "validation")
            : null;

    private static IResult NotFound(string @namespace, string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", type: ProblemTypeBase + "not-found",
            detail: $"There is no project '{id}' in namespace '{@namespace}'.");
}
