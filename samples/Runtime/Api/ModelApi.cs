using System.Text;
using System.Text.Json;
using Glyphh.Auth;
using Glyphh.Runtime.Configuration;
using Glyphh.Runtime.Search;
using Glyphh.Runtime.Storage;

namespace Glyphh.Runtime.Api;

/// <summary>The model (namespace) and glyph endpoints the runtime README documents.</summary>
internal static class ModelApi
{
    public static RouteGroupBuilder MapModelApi(this IEndpointRouteBuilder app, RuntimeSettings settings)
    {
        var models = app.MapGroup("/models").WithTags("models");
        // Every route needs an authenticated caller; routes naming a model need the permission on it.
        models.RequireAuthorization().WithCommonProblems();
        models.MapPost("", CreateModel).WithName("CreateModel").WithSummary("Create a model (namespace); needs write on its name.")
            .WithJsonBody<CreateModelRequest>().Produces<ModelResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict);
        models.MapGet("", ListModels).WithName("ListModels").WithSummary("List the models the caller may read.")
            .Produces<ItemsResponse<ModelResponse>>();
        models.MapGet("/{model}", GetModel).WithName("GetModel").WithSummary("Show a model and what it uses.")
            .Produces<ModelResponse>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound)
            .RequireNamespacePermission(NamespacePermission.Read, "model");
        models.MapDelete("/{model}", DeleteModel).WithName("DeleteModel").WithSummary("Delete a model, its glyphs and their quota usage.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).WithPreconditions()
            .RequireNamespacePermission(NamespacePermission.Admin, "model").AsAdminRoute(settings);
        models.MapPut("/{model}/glyphs/{id}", PutGlyph).WithName("PutGlyph").WithSummary("Create or replace a glyph.")
            .WithJsonBody<PutGlyphRequest>().Produces<GlyphResponse>().Produces<GlyphResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound).WithPreconditions()
            .RequireNamespacePermission(NamespacePermission.Write, "model");
        models.MapGet("/{model}/glyphs/{id}", GetGlyph).WithName("GetGlyph").WithSummary("Read a glyph.")
            .Produces<GlyphResponse>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound)
            .RequireNamespacePermission(NamespacePermission.Read, "model");
        models.MapDelete("/{model}/glyphs/{id}", DeleteGlyph).WithName("DeleteGlyph").WithSummary("Delete a glyph.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).WithPreconditions()
            .RequireNamespacePermission(NamespacePermission.Write, "model");
        models.MapGet("/{model}/glyphs", ListGlyphs).WithName("ListGlyphs").WithSummary("List glyphs in id order, a page at a time.")
            .Produces<PageResponse<GlyphResponse>>().ProducesProblem(StatusCodes.Status404NotFound).WithPageParameters(settings.MaxPageSize)
            .RequireNamespacePermission(NamespacePermission.Read, "model");
        models.MapPost("/{model}/search", SearchGlyphs).WithName("Search").WithSummary("Exact nearest-glyph search by vector.")
            .WithJsonBody<SearchRequest>().Produces<ItemsResponse<SearchHit>>().ProducesProblem(StatusCodes.Status404NotFound)
            .RequireNamespacePermission(NamespacePermission.Read, "model");
        return models;
    }

    private static async Task<IResult> CreateModel(HttpContext http, RuntimeSettings settings, GlyphStore store, IModelAccess access, CancellationToken ct)
    {
        var (body, error) = await JsonBody.ReadAsync(http.Request, settings, RuntimeJsonContext.Default.CreateModelRequest, """{"name":"m1"}""", ct);
        if (error is not null)
        {
            return error;
        }
        if (body!.Name is not { } name)
        {
            return Problems.Validation("The field 'name' is required.", ("name", "required string"));
        }
        if (!Names.IsModel(name))
        {
            return Problems.Validation($"'name' must be {Names.ModelRule}.", ("name", Names.ModelRule));
        }
        if (await access.CheckAsync(http, name, NamespacePermission.Write) is { } denied)
        {
            return denied;
        }
        if (!await store.CreateModelAsync(name, ct))
        {
            return Problems.Conflict($"The model '{name}' already exists.");
        }
        var model = await store.GetModelAsync(name, ct);
        return Results.Created($"/models/{name}", ModelResponse.From(model!));
    }

    private static async Task<IResult> ListModels(HttpContext http, GlyphStore store, IModelAccess access, CancellationToken ct)
    {
        var items = new List<ModelResponse>();
        foreach (var model in await store.ListModelsAsync(ct))
        {
            if (await access.CanReadAsync(http, model.Name))
            {
                items.Add(ModelResponse.From(model));
            }
        }
        return Results.Ok(new ItemsResponse<ModelResponse>(items));
    }

    private static async Task<IResult> GetModel(string model, HttpContext http, GlyphStore store, CancellationToken ct)
    {
        if (Guard(model, null) is { } refused)
        {
            return refused;
        }
        if (await store.GetModelAsync(model, ct) is not { } found)
        {
            return ModelNotFound(model);
        }
        return Preconditions.Read(http, Representation.Of(http, ModelResponse.From(found)));
    }

    private static async Task<IResult> DeleteModel(string model, HttpContext http, GlyphStore store, SearchIndex index, CancellationToken ct)
    {
        if (Guard(model, null) is { } refused)
        {
            return refused;
        }
        // The condition is checked by the store inside the delete's transaction, against the model as it is deleted.
        var condition = new WriteCondition<ModelRecord>(http.Request, m => Representation.Of(http, ModelResponse.From(m)).ETag);
        var deleted = await store.DeleteModelAsync(model, condition.Holds, ct);
        if (condition.Failure is { } failed)
        {
            return failed;
        }
        if (deleted is null)
        {
            return ModelNotFound(model);
        }
        index.Forget(model);
        return Results.NoContent();
    }

    private static async Task<IResult> PutGlyph(string model, string id, HttpContext http, RuntimeSettings settings, GlyphStore store, CancellationToken ct)
    {
        if (Guard(model, id) is { } refused)
        {
            return refused;
        }
        var (body, error) = await JsonBody.ReadAsync(
            http.Request, settings, RuntimeJsonContext.Default.PutGlyphRequest, """{"vector":[0.1,0.2],"payload":{}}""", ct);
        if (error is not null)
        {
            return error;
        }
        if (body!.Vector is { } vector && CheckVector(vector, settings) is { } vectorError)
        {
            return vectorError;
        }
        string? payload = null;
        var payloadBytes = 0;
        if (body.Payload is { ValueKind: not JsonValueKind.Null } payloadElement)
        {
            if (!TextIsWellFormed(payloadElement))
            {
                return Problems.Validation("The payload holds a string that is not valid Unicode (a lone surrogate).", ("payload", "invalid Unicode"));
            }
            payload = payloadElement.GetRawText();
            payloadBytes = Encoding.UTF8.GetByteCount(payload);
        }
        // Checked by the store inside the write's transaction, so two writers with the same If-Match cannot both win.
        var condition = new WriteCondition<GlyphRecord>(http.Request, g => Representation.Of(http, GlyphResponse.From(g)).ETag);
        var (outcome, written) = await store.PutGlyphAsync(model, id, body.Vector, payload, payloadBytes, condition.Holds, ct);
        if (outcome == PutOutcome.ModelNotFound)
        {
            return ModelNotFound(model);
        }
        if (condition.Failure is { } failed)
        {
            return failed;
        }
        var response = Representation.Of(http, GlyphResponse.From(written!));
        return outcome == PutOutcome.Created ? response.Created($"/models/{model}/glyphs/{id}") : response;
    }

    private static async Task<IResult> GetGlyph(string model, string id, HttpContext http, GlyphStore store, CancellationToken ct)
    {
        if (Guard(model, id) is { } refused)
        {
            return refused;
        }
        if (await store.GetGlyphAsync(model, id, ct) is { } glyph)
        {
            return Preconditions.Read(http, Representation.Of(http, GlyphResponse.From(glyph)));
        }
        return await store.GetModelAsync(model, ct) is null ? ModelNotFound(model) : GlyphNotFound(model, id);
    }

    private static async Task<IResult> DeleteGlyph(string model, string id, HttpContext http, GlyphStore store, CancellationToken ct)
    {
        if (Guard(model, id) is { } refused)
        {
            return refused;
        }
        var condition = new WriteCondition<GlyphRecord>(http.Request, g => Representation.Of(http, GlyphResponse.From(g)).ETag);
        var deleted = await store.DeleteGlyphAsync(model, id, condition.Holds, ct);
        if (condition.Failure is { } failed)
        {
            return failed;
        }
        if (deleted)
        {
            return Results.NoContent();
        }
        return await store.GetModelAsync(model, ct) is null ? ModelNotFound(model) : GlyphNotFound(model, id);
    }

    private static async Task<IResult> ListGlyphs(string model, HttpContext http, RuntimeSettings settings, GlyphStore store, CancellationToken ct)
    {
        if (Guard(model, null) is { } refused)
        {
            return refused;
        }
        var query = http.Request.Query;
        var limit = 100;
        if (query.TryGetValue("limit", out var limitText) &&
            (!int.TryParse(limitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) ||
             limit < 1 || limit > settings.MaxPageSize))
        {
            return Problems.Validation($"'limit' must be a whole number from 1 to {settings.MaxPageSize}.", ("limit", $"1..{settings.MaxPageSize}"));
        }
        string? after = null;
        if (query.TryGetValue("cursor", out var cursorText) && cursorText.ToString().Length > 0)
        {
            if (!Cursor.TryDecode(cursorText.ToString(), out var decoded))
            {
                return Problems.Validation("'cursor' is not a cursor this API returned.", ("cursor", "invalid cursor"));
            }
            after = decoded;
        }
        if (await store.GetModelAsync(model, ct) is null)
        {
            return ModelNotFound(model);
        }
        var page = await store.ListGlyphsAsync(model, limit, after, ct);
        return Results.Ok(new PageResponse<GlyphResponse>(
            page.Items.Select(GlyphResponse.From).ToList(),
            page.LastId is null ? null : Cursor.Encode(page.LastId)));
    }

    private static async Task<IResult> SearchGlyphs(string model, HttpContext http, RuntimeSettings settings, GlyphStore store, SearchIndex index, CancellationToken ct)
    {
        if (Guard(model, null) is { } refused)
        {
            return refused;
        }
        var (body, error) = await JsonBody.ReadAsync(
            http.Request, settings, RuntimeJsonContext.Default.SearchRequest, """{"vector":[0.1,0.2],"k":10}""", ct);
        if (error is not null)
        {
            return error;
        }
        if (body!.Vector is not { } vector)
        {
            return Problems.Validation("The field 'vector' is required.", ("vector", "required"));
        }
        if (CheckVector(vector, settings) is { } vectorError)
        {
            return vectorError;
        }
        var k = body.K ?? 10;
        if (k < 1 || k > settings.MaxSearchK)
        {
            return Problems.Validation($"'k' must be a whole number from 1 to {settings.MaxSearchK}.", ("k", $"1..{settings.MaxSearchK}"));
        }
        if (body.Metric is not (null or "cosine" or "dot"))
        {
            return Problems.Validation("'metric' must be \"cosine\" (default) or \"dot\".", ("metric", "cosine or dot"));
        }
        var cosine = body.Metric is null or "cosine";
        if (cosine && VectorSearch.Norm(vector) == 0)
        {
            return Problems.Validation("A zero vector has no direction to compare by cosine.", ("vector", "must not be all zeros for cosine"));
        }
        if (await store.GetModelAsync(model, ct) is null)
        {
            return ModelNotFound(model);
        }
        var hits = await index.SearchAsync(model, vector, k, cosine, ct);
        return Results.Ok(new ItemsResponse<SearchHit>(hits.Select(h => new SearchHit(h.Id, h.Score)).ToList()));
    }

    /// <summary>Validates the route values; the route's authorization convention has already checked the permission.</summary>
    private static IResult? Guard(string model, string? id)
    {
        if (!Names.IsModel(model))
        {
            return Problems.Validation($"The model name must be {Names.ModelRule}.", ("model", Names.ModelRule));
        }
        if (id is not null && !Names.IsGlyphId(id))
        {
            return Problems.Validation($"The glyph id must be {Names.GlyphIdRule}.", ("id", Names.GlyphIdRule));
        }
        return null;
    }

    private static IResult? CheckVector(float[] vector, RuntimeSettings settings)
    {
        if (vector.Length == 0 || vector.Length > settings.MaxVectorDimensions)
        {
            return Problems.Validation(
                $"'vector' must have 1 to {settings.MaxVectorDimensions} dimensions (it has {vector.Length}).",
                ("vector", $"1..{settings.MaxVectorDimensions} dimensions"));
        }
        for (var i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                return Problems.Validation($"'vector[{i}]' is not a finite 32-bit number.", ($"vector[{i}]", "finite number"));
            }
        }
        return null;
    }

    /// <summary>
    /// The request's If-Match / If-None-Match as a check the store runs once on the current version while it holds the
    /// write's lock; keeps the 412 (or 400 for an unreadable header) when they fail.
    /// </summary>
    private sealed class WriteCondition<T>(HttpRequest request, Func<T, string> etag)
        where T : class
    {
        public IResult? Failure { get; private set; }

        public bool Holds(T? current)
        {
            if (!Preconditions.HasWriteConditions(request))
            {
                return true;
            }
            Failure = Preconditions.CheckWrite(request, current is null ? null : etag(current));
            return Failure is null;
        }
    }

    // JSON escapes can spell lone surrogates that no UTF-8 writer can emit again; refuse them at the door.
    private static bool TextIsWellFormed(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                try
                {
                    return IsWellFormed(element.GetString()!);
                }
                catch (InvalidOperationException)
                {
                    // The reader refuses to transcode an escaped lone surrogate.
                    return false;
                }
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!TextIsWellFormed(item))
                    {
                        return false;
                    }
                }
                return true;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return false;
                    }
                    if (!IsWellFormed(name) || !TextIsWellFormed(property.Value))
                    {
                        return false;
                    }
                }
                return true;
            default:
                return true;
        }
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static IResult ModelNotFound(string model) => Problems.NotFound($"There is no model '{model}'.");

    private static IResult GlyphNotFound(string model, string id) => Problems.NotFound($"There is no glyph '{id}' in model '{model}'.");
}
