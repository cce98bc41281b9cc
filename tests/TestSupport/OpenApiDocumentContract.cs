using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace Glyphh.TestSupport;

/// <summary>
/// Checks a real answer against a host's OpenAPI document (here the license server's; the runtime's tests keep their own,
/// richer Runtime.Tests/Support/OpenApiContract): the operation exists
/// for the path and method, it lists the status, and, when the answer has a body, a content type for it with a schema.
/// An answer it does not describe fails. With <c>validateBodies</c>, a JSON body must also match its schema (types,
/// required and undeclared members, items; <c>$ref</c>, <c>allOf</c>/<c>anyOf</c>/<c>oneOf</c>; formats not checked).
/// </summary>
public sealed class OpenApiDocumentContract(JsonElement document, bool validateBodies = false)
{
    /// <summary>The document's root.</summary>
    public JsonElement Document { get; } = document;

    /// <summary>Fetches the document a host serves at <c>/docs/openapi.json</c>.</summary>
    public static async Task<OpenApiDocumentContract> LoadAsync(HttpClient client) => await LoadAsync(client, validateBodies: false);

    /// <summary>Fetches the document a host serves at <c>/docs/openapi.json</c>, checking JSON bodies against their schemas.</summary>
    public static async Task<OpenApiDocumentContract> LoadAsync(HttpClient client, bool validateBodies)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.GetAsync(new Uri("/docs/openapi.json", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new OpenApiDocumentContract(json.RootElement.Clone(), validateBodies);
    }

    /// <summary>Fails unless the document describes <paramref name="response"/> (to its request's method and path).</summary>
    public async Task AssertDescribesAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var request = response.RequestMessage!;
        // HEAD is answered as GET (RFC 9110), so the GET operation describes it.
        var verb = request.Method == HttpMethod.Head ? HttpMethod.Get : request.Method;
        var answer = $"{verb} {request.RequestUri!.AbsolutePath} -> {(int)response.StatusCode}";
        var responses = Operation(verb.Method.ToLowerInvariant(), request.RequestUri.AbsolutePath)?.GetProperty("responses")
            ?? throw new Xunit.Sdk.XunitException($"{answer}: the document has no such operation");
        if (!responses.TryGetProperty(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), out var described))
        {
            throw new Xunit.Sdk.XunitException($"{answer}: the operation does not list this status");
        }
        var payload = await response.Content.ReadAsByteArrayAsync();
        if (payload.Length == 0 || request.Method == HttpMethod.Head)
        {
            return;
        }
        var contentType = response.Content.Headers.ContentType?.MediaType ?? "(none)";
        if (!described.TryGetProperty("content", out var content) || !content.TryGetProperty(contentType, out var media) || !media.TryGetProperty("schema", out var schema))
        {
            throw new Xunit.Sdk.XunitException($"{answer}: a {contentType} body, which the document does not describe with a schema");
        }
        if (validateBodies && contentType.EndsWith("json", StringComparison.Ordinal))
        {
            using var json = JsonDocument.Parse(payload);
            var errors = new List<string>();
            Validate(json.RootElement, schema, "$", errors, 0);
            Assert.True(errors.Count == 0, $"{answer}: the body does not match its schema:\n{string.Join("\n", errors)}");
        }
    }

    private void Validate(JsonElement value, JsonElement schema, string at, List<string> errors, int depth)
    {
        if (depth > 64)
        {
            errors.Add($"{at}: the schema nests deeper than 64 levels");
            return;
        }
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = Resolve(reference.GetString()!);
        }
        if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray() : [type.GetString()!];
            if (!types.Any(t => IsOfType(value, t)))
            {
                errors.Add($"{at}: {value.ValueKind} where the schema says {string.Join(" or ", types)}");
                return;
            }
        }
        foreach (var part in schema.TryGetProperty("allOf", out var all) ? all.EnumerateArray() : default)
        {
            Validate(value, part, at, errors, depth + 1);
        }
        foreach (var keyword in new[] { "anyOf", "oneOf" })
        {
            if (schema.TryGetProperty(keyword, out var options) &&
                !options.EnumerateArray().Any(o => { var e = new List<string>(); Validate(value, o, at, e, depth + 1); return e.Count == 0; }))
            {
                errors.Add($"{at}: matches none of the {keyword} schemas");
            }
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            var properties = schema.TryGetProperty("properties", out var p) ? p : default;
            foreach (var name in schema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!) : [])
            {
                if (!value.TryGetProperty(name, out _))
                {
                    errors.Add($"{at}: the required member '{name}' is missing");
                }
            }
            foreach (var member in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(member.Name, out var memberSchema))
                {
                    Validate(member.Value, memberSchema, $"{at}.{member.Name}", errors, depth + 1);
                }
                else if (schema.TryGetProperty("additionalProperties", out var additional))
                {
                    if (additional.ValueKind == JsonValueKind.False)
                    {
                        errors.Add($"{at}: the member '{member.Name}' is not in the schema");
                    }
                    else if (additional.ValueKind == JsonValueKind.Object)
                    {
                        Validate(member.Value, additional, $"{at}.{member.Name}", errors, depth + 1);
                    }
                }
                else if (properties.ValueKind == JsonValueKind.Object && !schema.TryGetProperty("additionalProperties", out _) && schema.TryGetProperty("required", out _))
                {
                    // A closed record (its members listed and required) answering a member it does not declare.
                    errors.Add($"{at}: the member '{member.Name}' is not in the schema");
                }
            }
        }
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Validate(item, items, $"{at}[{index++}]", errors, depth + 1);
            }
        }
    }

    private JsonElement Resolve(string reference)
    {
        Assert.StartsWith("#/", reference, StringComparison.Ordinal);
        var node = Document;
        foreach (var segment in reference[2..].Split('/'))
        {
            Assert.True(node.TryGetProperty(segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal), out node),
                $"the document has no {reference}");
        }
        return node;
    }

    private static bool IsOfType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && decimal.Truncate(d) == d,
        _ => throw new Xunit.Sdk.XunitException($"unknown schema type '{type}'"),
    };

    // A path template's parameters match one segment each; the first template with the method wins.
    private JsonElement? Operation(string method, string path) =>
        Document.GetProperty("paths").EnumerateObject()
            .Where(item => item.Value.TryGetProperty(method, out _) && Regex.IsMatch(
                path, "^" + Regex.Replace(Regex.Escape(item.Name), @"\\\{[^}]+}", "[^/]+") + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            .Select(item => (JsonElement?)item.Value.GetProperty(method))
            .FirstOrDefault();
}
