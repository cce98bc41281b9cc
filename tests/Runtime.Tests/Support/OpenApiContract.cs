using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Glyphh.Runtime.Tests.Support;

/// <summary>
/// Checks a real answer against the runtime's OpenAPI document: the operation exists for the path and method, it lists
/// the status, the answer's content type is described, and a JSON body matches the described schema. An answer the
/// document does not describe is a violation. Routes outside the document (an unknown path or method) must answer
/// the contract's problem+json 404 or 405.
/// </summary>
internal sealed class OpenApiContract(JsonElement document)
{
    public JsonElement Document { get; } = document;

    /// <summary>The document the runtime serves at /docs/openapi.json, taken from its generator (cloud mode does not serve it).</summary>
    public static async Task<OpenApiContract> FromServicesAsync(IServiceProvider services)
    {
        var provider = services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1");
        var generated = await provider.GetOpenApiDocumentAsync();
        var json = await generated.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1);
        return new OpenApiContract(JsonDocument.Parse(json).RootElement.Clone());
    }

    public static async Task<OpenApiContract> LoadAsync(HttpClient client)
    {
        var response = await client.GetAsync("/docs/openapi.json");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return new OpenApiContract(await response.ReadJsonAsync());
    }

    public async Task AssertDescribesAsync(HttpResponseMessage response)
    {
        var violations = await ViolationsAsync(response);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    /// <summary>What the document does not describe about this answer (empty when it describes all of it).</summary>
    public async Task<IReadOnlyList<string>> ViolationsAsync(HttpResponseMessage response)
    {
        var request = response.RequestMessage!;
        var path = request.RequestUri!.AbsolutePath;
        var head = request.Method == HttpMethod.Head;
        var method = head ? "get" : request.Method.Method.ToLowerInvariant();
        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        var where = $"{request.Method} {request.RequestUri.PathAndQuery} answered {status}";
        await response.Content.LoadIntoBufferAsync();
        var body = await response.Content.ReadAsByteArrayAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var violations = new List<string>();

        // The document and its viewer are left out of the document on purpose (MapDocs excludes them): served, they
        // are the document itself, its HTML page and script.
        if ((path == "/docs" || path.StartsWith("/docs/", StringComparison.Ordinal)) && status is "200" or "304")
        {
            return violations;
        }
        var (pathItem, operation) = FindOperation(path, method);
        if (operation is not { } op)
        {
            // Outside the document: only the framework's "no such route" answers, as the contract's problems.
            var expected = pathItem is null ? "404" : "405";
            if (status != expected)
            {
                violations.Add($"{where}: the document has no {method.ToUpperInvariant()} {path}, so only {expected} is described");
            }
            else if (!head)
            {
                CheckBody(violations, where, "application/problem+json", Ref("ProblemDetails"), mediaType, body);
            }
            return violations;
        }
        if (!TryGetResponse(op.GetProperty("responses"), status, out var described))
        {
            violations.Add($"{where}, which the document does not list for {method.ToUpperInvariant()} {path}");
            return violations;
        }
        if (body.Length == 0 || head)
        {
            return violations;
        }
        if (!described.TryGetProperty("content", out var content))
        {
            violations.Add($"{where} with a body ({mediaType}), but the document describes none");
            return violations;
        }
        if (mediaType is null || !content.TryGetProperty(mediaType, out var media))
        {
            violations.Add($"{where} as {mediaType ?? "no content type"}, which the document does not describe");
            return violations;
        }
        if (!media.TryGetProperty("schema", out var schema))
        {
            violations.Add($"{where} as {mediaType}, which the document describes without a schema");
            return violations;
        }
        CheckBody(violations, where, mediaType, schema, mediaType, body);
        return violations;
    }

    private void CheckBody(List<string> violations, string where, string describedType, JsonElement schema, string? mediaType, byte[] body)
    {
        if (!string.Equals(mediaType, describedType, StringComparison.OrdinalIgnoreCase))
        {
            violations.Add($"{where} as {mediaType ?? "no content type"}, not {describedType}");
            return;
        }
        if (!describedType.EndsWith("json", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        JsonElement value;
        try
        {
            value = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            violations.Add($"{where} as {mediaType}, but the body is not JSON: {ex.Message}");
            return;
        }
        foreach (var error in Validate(value, schema, "$", depth: 0))
        {
            violations.Add($"{where}: {error}");
        }
    }

    /// <summary>The JSON Schema (2020-12) keywords the generated document uses; anything else is accepted.</summary>
    private IEnumerable<string> Validate(JsonElement value, JsonElement schema, string at, int depth)
    {
        if (depth > 64 || schema.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }
        if (schema.TryGetProperty("$ref", out var reference))
        {
            foreach (var error in Validate(value, Resolve(reference.GetString()!), at, depth + 1))
            {
                yield return error;
            }
        }
        if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
        {
            if (!oneOf.EnumerateArray().Any(option => !Validate(value, option, at, depth + 1).Any()))
            {
                yield return $"{at} matches none of the described alternatives";
            }
        }
        if (schema.TryGetProperty("allOf", out var allOf))
        {
            foreach (var error in allOf.EnumerateArray().SelectMany(part => Validate(value, part, at, depth + 1)))
            {
                yield return error;
            }
        }
        if (schema.TryGetProperty("type", out var type) && !TypeMatches(value, type))
        {
            yield return $"{at} is {value.ValueKind}, described as {type.GetRawText()}";
            yield break;
        }
        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.GetRawText() == value.GetRawText()))
        {
            yield return $"{at} is {value.GetRawText()}, not one of {allowed.GetRawText()}";
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            var properties = schema.TryGetProperty("properties", out var p) ? p : default;
            if (schema.TryGetProperty("required", out var required))
            {
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(name => !value.TryGetProperty(name, out _)))
                {
                    yield return $"{at} lacks the required member '{name}'";
                }
            }
            foreach (var member in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(member.Name, out var memberSchema))
                {
                    foreach (var error in Validate(member.Value, memberSchema, $"{at}.{member.Name}", depth + 1))
                    {
                        yield return error;
                    }
                }
                else if (schema.TryGetProperty("additionalProperties", out var additional))
                {
                    if (additional.ValueKind == JsonValueKind.False)
                    {
                        yield return $"{at} has the member '{member.Name}', which the schema does not allow";
                    }
                    foreach (var error in Validate(member.Value, additional, $"{at}.{member.Name}", depth + 1))
                    {
                        yield return error;
                    }
                }
            }
        }
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                foreach (var error in Validate(item, items, $"{at}[{i}]", depth + 1))
                {
                    yield return error;
                }
                i++;
            }
        }
    }

    private static bool TypeMatches(JsonElement value, JsonElement type)
    {
        var names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
        return names.Any(name => name switch
        {
            "null" => value.ValueKind == JsonValueKind.Null,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "number" => value.ValueKind == JsonValueKind.Number,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            _ => false,
        });
    }

    private static JsonElement Ref(string schema) =>
        JsonDocument.Parse($$"""{"$ref":"#/components/schemas/{{schema}}"}""").RootElement.Clone();

    private JsonElement Resolve(string reference)
    {
        var node = Document;
        foreach (var part in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!node.TryGetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal), out node))
            {
                throw new Xunit.Sdk.XunitException($"the document's reference {reference} resolves to nothing");
            }
        }
        return node;
    }

    // An exact status first, then its range ("4XX"), then "default" (OpenAPI 3.1, 4.8.16.2).
    private static bool TryGetResponse(JsonElement responses, string status, out JsonElement described) =>
        responses.TryGetProperty(status, out described)
        || responses.TryGetProperty(status[0] + "XX", out described)
        || responses.TryGetProperty("default", out described);

    private (JsonElement? PathItem, JsonElement? Operation) FindOperation(string path, string method)
    {
        JsonElement? matched = null;
        foreach (var item in Document.GetProperty("paths").EnumerateObject())
        {
            var pattern = "^" + Regex.Replace(Regex.Escape(item.Name), @"\\\{[^}]+}", "[^/]+") + "$";
            if (Regex.IsMatch(path, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                if (item.Value.TryGetProperty(method, out var operation))
                {
                    return (item.Value, operation);
                }
                matched = item.Value;
            }
        }
        return (matched, null);
    }
}

/// <summary>
/// Sits in every HttpClient a <see cref="RuntimeInstance"/> hands out: each answer is checked against the runtime's own
/// document, a violation fails the request at once (the test sees the exception) and is kept for the instance's
/// disposal to report again, so a test that swallows the exception still fails.
/// </summary>
internal sealed class ContractCheckingHandler(Func<Task<OpenApiContract>> contract, List<string> violations) : DelegatingHandler(new HttpClientHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var found = await (await contract()).ViolationsAsync(response);
        if (found.Count > 0)
        {
            lock (violations)
            {
                violations.AddRange(found);
            }
            throw new Xunit.Sdk.XunitException("The answer is not described by the runtime's OpenAPI document:" + Environment.NewLine + string.Join(Environment.NewLine, found));
        }
        return response;
    }
}
