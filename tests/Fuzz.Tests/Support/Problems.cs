using System.Text.Json;

namespace Glyphh.Fuzz.Tests.Support;

/// <summary>The oracle for every HTTP answer to hostile input: a success, or a typed problem; never a 5xx.</summary>
internal static class Problems
{
    public const string TypePrefix = "https://glyphh.dev/problems/";

    public static async Task<int> AssertTypedAsync(HttpResponseMessage response, string where)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500, $"{where}: {status} {Short(body)}");
        if (status >= 400)
        {
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{where}: {status} without problem+json: {Short(body)}");
            using var doc = JsonDocument.Parse(body);
            var type = doc.RootElement.GetProperty("type").GetString();
            Assert.True(type is not null && type.StartsWith(TypePrefix, StringComparison.Ordinal), $"{where}: untyped problem {type}");
            Assert.Equal(status, doc.RootElement.GetProperty("status").GetInt32());
        }
        return status;
    }

    private static string Short(string body) => body.Length > 300 ? body[..300] : body;
}
