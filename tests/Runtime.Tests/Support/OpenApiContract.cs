using System.Text.Json;
using System.Text.RegularExpressions;

namespace Glyphh.Runtime.Tests.Support;

/// <summary>
/// Checks a real answer against the runtime's OpenAPI document: the operation exists for the path and method, it lists
/// the status, and, when the answer has a body, a content type for it with a schema. An answer it does not describe fails.
/// </summary>
internal sealed class OpenApiContract(JsonElement document)
{
    public JsonElement Document { get; } = document;

    public static async Task<OpenApiContract> LoadAsync(HttpClient client)
    {
        var response = await client.GetAsync("/docs/openapi.json");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return new OpenApiContract(await response.ReadJsonAsync());
    }

    public async Task AssertDescribesAsync(HttpResponseMessage response)
    {
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
