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
        var (doc, error) = await ReadObjectAsync(http, settings, """{"name":"m1"}""", ["name"], ct);
        if (error is not null)
        {
            return error;
        }
        using (doc)
        {
            var root = doc!.RootElement;
            if (!root.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
            {
                return Problems.Validation("The field 'name' is required.", ("name", "required string"));
            }
            var name = nameElement.GetString()!;
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
        var body = ModelResponse.From(found);
        return Preconditions.CheckRead(http, ETag(body)) ?? Results.Ok(body);
    }

    private static async Task<IResult> DeleteModel(string model, HttpContext http, GlyphStore store, SearchIndex index, CancellationToken ct)
    {
        if (Guard(model, null) is { } refused)
        {
            return refused;
        }
        if (Preconditions.HasWriteConditions(http.Request))
        {
            var current = await store.GetModelAsync(model, ct);
            if (Preconditions.CheckWrite(http.Request, current is null ? null : ETag(ModelResponse.From(current))) is { } failed)
            {
                return failed;
            }
        }
        if (await store.DeleteModelAsync(model, ct) is null)
        {
            return ModelNotFound(model);
        }
        index.Forget(model);
        return Results.NoContent();
    }

    private static async Task<IResult> PutGlyph(string model, string id, HttpContext http, RuntimeSettings settings, GlyphStore store, CancellationToken ct)
    {
        var (doc, error) = await GuardAndReadObjectAsync(
            http, model, id, settings, """{"vector":[0.1,0.2],"payload":{}}""", ["vector", "payload"], ct);
        if (error is not null)
        {
            return error;
        }
        using (doc)
        {
            var root = doc!.RootElement;
            float[]? vector = null;
            if (root.TryGetProperty("vector", out var vectorElement) && vectorElement.ValueKind != JsonValueKind.Null)
            {
                if (ReadVector(vectorElement, settings, out vector) is { } vectorError)
                {
                    return vectorError;
                }
            }
            string? payload = null;
            var payloadBytes = 0;
            if (root.TryGetProperty("payload", out var payloadElement) && payloadElement.ValueKind != JsonValueKind.Null)
            {
                if (!TextIsWellFormed(payloadElement))
                {
                    return Problems.Validation("The payload holds a string that is not valid Unicode (a lone surrogate).", ("payload", "invalid Unicode"));
                }
                payload = payloadElement.GetRawText();
                payloadBytes = Encoding.UTF8.GetByteCount(payload);
            }
            if (Preconditions.HasWriteConditions(http.Request) &&
                Preconditions.CheckWrite(http.Request, await store.GetGlyphAsync(model, id, ct) is { } current ? ETag(GlyphResponse.From(current)) : null) is { } failed)
            {
                return failed;
            }
            var outcome = await store.PutGlyphAsync(model, id, vector, payload, payloadBytes, ct);
            if (outcome == PutOutcome.ModelNotFound)
            {
                return ModelNotFound(model);
            }
            var stored = await store.GetGlyphAsync(model, id, ct);
            var body = GlyphResponse.From(stored!);
            http.Response.Headers.ETag = ETag(body);
            return outcome == PutOutcome.Created
                ? Results.Created($"/models/{model}/glyphs/{id}", body)
                : Results.Ok(body);
        }
    }

    private static async Task<IResult> GetGlyph(string model, string id, HttpContext http, GlyphStore store, CancellationToken ct)
    {
        if (Guard(model, id) is { } refused)
        {
            return refused;
        }
        if (await store.GetGlyphAsync(model, id, ct) is { } glyph)
        {
            var body = GlyphResponse.From(glyph);
            return Preconditions.CheckRead(http, ETag(body)) ?? Results.Ok(body);
        }
        return await store.GetModelAsync(model, ct) is null ? ModelNotFound(model) : GlyphNotFound(model, id);
    }

    private static async Task<IResult> DeleteGlyph(string model, string id, HttpContext http, GlyphStore store, CancellationToken ct)
    {
        if (Guard(model, id) is { } refused)
        {
            return refused;
        }
        if (Preconditions.HasWriteConditions(http.Request) &&
            Preconditions.CheckWrite(http.Request, await store.GetGlyphAsync(model, id, ct) is { } current ? ETag(GlyphResponse.From(current)) : null) is { } failed)
        {
            return failed;
        }
        if (await store.DeleteGlyphAsync(model, id, ct))
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
        var (doc, error) = await GuardAndReadObjectAsync(
            http, model, null, settings, """{"vector":[0.1,0.2],"k":10}""", ["vector", "k", "metric"], ct);
        if (error is not null)
        {
            return error;
        }
        using (doc)
        {
            var root = doc!.RootElement;
            if (!root.TryGetProperty("vector", out var vectorElement))
            {
                return Problems.Validation("The field 'vector' is required.", ("vector", "required"));
            }
            if (ReadVector(vectorElement, settings, out var vector) is { } vectorError)
            {
                return vectorError;
            }
            var k = 10;
            if (root.TryGetProperty("k", out var kElement) &&
                (kElement.ValueKind != JsonValueKind.Number || !kElement.TryGetInt32(out k) || k < 1 || k > settings.MaxSearchK))
            {
                return Problems.Validation($"'k' must be a whole number from 1 to {settings.MaxSearchK}.", ("k", $"1..{settings.MaxSearchK}"));
            }
            var cosine = true;
            if (root.TryGetProperty("metric", out var metricElement))
            {
                var metric = metricElement.ValueKind == JsonValueKind.String ? metricElement.GetString() : null;
                if (metric is not ("cosine" or "dot"))
                {
                    return Problems.Validation("'metric' must be \"cosine\" (default) or \"dot\".", ("metric", "cosine or dot"));
                }
                cosine = metric == "cosine";
            }
            if (cosine && VectorSearch.Norm(vector!) == 0)
            {
                return Problems.Validation("A zero vector has no direction to compare by cosine.", ("vector", "must not be all zeros for cosine"));
            }
            if (await store.GetModelAsync(model, ct) is null)
            {
                return ModelNotFound(model);
            }
            var hits = await index.SearchAsync(model, vector!, k, cosine, ct);
            return Results.Ok(new ItemsResponse<SearchHit>(hits.Select(h => new SearchHit(h.Id, h.Score)).ToList()));
        }
    }

    /// <summary>The opening of a write or search: route values first, then the body as an object of known fields.</summary>
    private static async Task<(JsonDocument? Document, IResult? Error)> GuardAndReadObjectAsync(
        HttpContext http, string model, string? id, RuntimeSettings settings, string example, string[] known, CancellationToken ct) =>
        Guard(model, id) is { } refused
            ? (null, refused)
            : await ReadObjectAsync(http, settings, example, known, ct);

    /// <summary>Reads the body as a JSON object holding only <paramref name="known"/> fields, or answers why not.</summary>
    private static async Task<(JsonDocument? Document, IResult? Error)> ReadObjectAsync(
        HttpContext http, RuntimeSettings settings, string example, string[] known, CancellationToken ct)
    {
        var (doc, error) = await JsonBody.ReadAsync(http.Request, settings, ct);
        if (error is not null)
        {
            return (null, error);
        }
        var root = doc!.RootElement;
        IResult? refused = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            refused = Problems.Validation($"The body must be a JSON object like {example}.", ("body", "must be an object"));
        }
        else if (UnknownProperty(root, known) is { } unknown)
        {
            refused = Problems.Validation($"Unknown field '{unknown}'.", (unknown, "unknown field"));
        }
        if (refused is not null)
        {
            doc.Dispose();
            return (null, refused);
        }
        return (doc, null);
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

    private static IResult? ReadVector(JsonElement element, RuntimeSettings settings, out float[]? vector)
    {
        vector = null;
        if (element.ValueKind != JsonValueKind.Array)
        {
            return Problems.Validation("'vector' must be an array of numbers.", ("vector", "array of numbers"));
        }
        var length = element.GetArrayLength();
        if (length == 0 || length > settings.MaxVectorDimensions)
        {
            return Problems.Validation(
                $"'vector' must have 1 to {settings.MaxVectorDimensions} dimensions (it has {length}).",
                ("vector", $"1..{settings.MaxVectorDimensions} dimensions"));
        }
        var values = new float[length];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetDouble(out var d) || !float.IsFinite((float)d))
            {
                return Problems.Validation($"'vector[{i}]' is not a finite 32-bit number.", ($"vector[{i}]", "finite number"));
            }
            values[i++] = (float)d;
        }
        vector = values;
        return null;
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

    private static string? UnknownProperty(JsonElement obj, params string[] known)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (Array.IndexOf(known, property.Name) < 0)
            {
                return property.Name.Length > 64 ? property.Name[..64] : property.Name;
            }
        }
        return null;
    }

    private static string ETag(ModelResponse model) => Preconditions.ETagOf(model, RuntimeJsonContext.Default.ModelResponse);

    private static string ETag(GlyphResponse glyph) => Preconditions.ETagOf(glyph, RuntimeJsonContext.Default.GlyphResponse);

    private static IResult ModelNotFound(string model) => Problems.NotFound($"There is no model '{model}'.");

    private static IResult GlyphNotFound(string model, string id) => Problems.NotFound($"There is no glyph '{id}' in model '{model}'.");
}
