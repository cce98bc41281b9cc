using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace Glyphh.TestSupport;

/// <summary>
/// Checks a real answer against a host's OpenAPI document (the runtime's and the license server's): the operation exists
/// for the path and method, it lists the status, and, when the answer has a body, a content type for it with a schema.
/// An answer it does not describe fails.
/// </summary>
public sealed class OpenApiContract(JsonElement document)
{
    /// <summary>The document's root.</summary>
    public JsonElement Document { get; } = document;

    /// <summary>Fetches the document a host serves at <c>/docs/openapi.json</c>.</summary>
    public static async Task<OpenApiContract> LoadAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.GetAsync(new Uri("/docs/openapi.json", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new OpenApiContract(json.RootElement.Clone());
    }

    /// <summary>Fails unless the document describes <paramref name="response"/> (to its request's method and path).</summary>
    public async Task AssertDescribesAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var request = response.RequestMessage!;
        var path = request.RequestUri!.AbsolutePath;
        var method = request.Method == HttpMethod.Head ? "get" : request.Method.Method.ToLowerInvariant();
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var operation = FindOperation(path, method) ?? throw new Xunit.Sdk.XunitException($"the document has no {method.ToUpperInvariant()} {path}");
        Assert.True(operation.GetProperty("responses").TryGetProperty(status, out var described),
            $"{method.ToUpperInvariant()} {path} answered {status}, which the document does not list");
        var body = await response.Content.ReadAsByteArrayAsync();
        if (body.Length == 0 || request.Method == HttpMethod.Head)
        {
            return;
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        Assert.True(described.TryGetProperty("content", out var content) && mediaType is not null && content.TryGetProperty(mediaType, out var media) && media.TryGetProperty("schema", out _),
            $"{method.ToUpperInvariant()} {path} {status} answered {mediaType}, which the document does not describe with a schema");
    }

    private JsonElement? FindOperation(string path, string method)
    {
        foreach (var item in Document.GetProperty("paths").EnumerateObject())
        {
            var pattern = "^" + Regex.Replace(Regex.Escape(item.Name), @"\\\{[^}]+}", "[^/]+") + "$";
            if (Regex.IsMatch(path, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)) && item.Value.TryGetProperty(method, out var operation))
            {
                return operation;
            }
        }
        return null;
    }
}
