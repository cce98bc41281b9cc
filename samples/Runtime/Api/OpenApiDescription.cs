using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Glyphh.Runtime.Api;

/// <summary>
/// What the generated OpenAPI document cannot infer from the handlers: the bodies read by hand, every status with
/// its problem answer, the list parameters, the security schemes, and the packages' routes (health, quotas), which
/// are request delegates outside the API explorer.
/// </summary>
internal static class OpenApiDescription
{
    private const string Problem = "application/problem+json";

    public static IServiceCollection AddRuntimeOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo { Title = "Glyphh runtime", Version = "v1", Description = "Models (namespaces) of glyphs with exact vector search." };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT with sub, namespaces, permissions and exp (AUTH_MODE jwt or both).",
            };
            document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-API-Key",
                Description = "An API key configured by its SHA-256 hash (AUTH_MODE apikey or both).",
            };
            document.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", document)] = [] },
            ];
            // redocly's no-server-trailing-slash: the generated server is the request's base URL, ending in '/'.
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }
            document.Paths ??= [];
            AddPackageRoutes(document);
            return Task.CompletedTask;
        }));

    /// <summary>The answers every authenticated route can give, besides its own.</summary>
    public static TBuilder WithCommonProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>The answers of a route that reads a JSON body.</summary>
    public static RouteHandlerBuilder WithJsonBody<TBody>(this RouteHandlerBuilder builder)
        where TBody : notnull =>
        builder.Accepts<TBody>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>The conditional-request answers of a route with an ETag.</summary>
    public static TBuilder WithPreconditions<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblem(StatusCodes.Status412PreconditionFailed);

    /// <summary>The <c>limit</c> and <c>cursor</c> query parameters of a page.</summary>
    public static TBuilder WithPageParameters<TBuilder>(this TBuilder builder, int maxPageSize)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "limit",
                In = ParameterLocation.Query,
                Description = $"Items per page, 1 to {maxPageSize} (default 100).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = maxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture), Default = JsonValue.Create(100) },
            });
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "cursor",
                In = ParameterLocation.Query,
                Description = "The next_cursor of the previous page; omitted for the first page.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            return Task.CompletedTask;
        });

    private static void AddPackageRoutes(OpenApiDocument document)
    {
        var health = Operation("health", "Liveness: never touches dependencies.", ("200", "application/json", "{status, version, uptime_seconds}"));
        var ready = Operation("health", "Readiness with each check's status and duration; unhealthy answers 503.",
            ("200", "application/json", "ok or degraded"), ("503", "application/json", "unhealthy"));
        document.Paths["/health"] = Path(health);
        document.Paths["/health/ready"] = Path(ready);
        document.Paths["/ready"] = Path(Operation("health", "Alias of /health/ready.", ("200", "application/json", "ok or degraded"), ("503", "application/json", "unhealthy")));
        document.Paths["/metrics"] = Path(Operation("health", "Prometheus text exposition.", ("200", "text/plain", "metrics")));
        foreach (var operation in new[] { health, ready })
        {
            operation.Security = [];
        }

        var namespaceParameter = new OpenApiParameter { Name = "namespace", In = ParameterLocation.Path, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        var read = Operation("quotas", "Limits and usage of a namespace (read on it).",
            ("200", "application/json", "{namespace, limits, usage}"), ("401", Problem, "unauthenticated"), ("403", Problem, "forbidden"),
            ("404", Problem, "not-found"), ("429", Problem, "rate-limited"), ("500", Problem, "internal"), ("503", Problem, "unavailable"));
        var update = Operation("quotas", "Change limits (platform admin): omitted unchanged, null back to the default.",
            ("200", "application/json", "{namespace, limits, usage}"), ("400", Problem, "validation"), ("401", Problem, "unauthenticated"),
            ("403", Problem, "forbidden"), ("404", Problem, "not-found"), ("413", Problem, "payload-too-large"), ("415", Problem, "unsupported-media-type"),
            ("429", Problem, "rate-limited"), ("500", Problem, "internal"), ("503", Problem, "unavailable"));
        update.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "Limit name to a number, or null for the default." } },
            },
        };
        foreach (var operation in new[] { read, update })
        {
            operation.Responses!["200"].Content!["application/json"].Schema = QuotaStatusSchema();
        }
        read.OperationId = "GetQuotas";
        update.OperationId = "PutQuotas";
        foreach (var operation in new[] { read, update })
        {
            operation.Parameters = [namespaceParameter];
        }
        document.Paths["/namespaces/{namespace}/quotas"] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = read, [HttpMethod.Put] = update },
        };
    }

    // The Quotas package's status body: { namespace, limits: {name: number, or "unlimited"}, usage: {name: number}, sources }.
    private static OpenApiSchema QuotaStatusSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "namespace", "limits", "usage" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["namespace"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["limits"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema
                {
                    AnyOf = [new OpenApiSchema { Type = JsonSchemaType.Integer }, new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("unlimited")] }],
                },
            },
            ["usage"] = new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Integer } },
            ["sources"] = new OpenApiSchema { Type = JsonSchemaType.Object },
        },
    };

    private static OpenApiPathItem Path(OpenApiOperation get) =>
        new() { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = get } };

    private static OpenApiOperation Operation(string tag, string summary, params (string Status, string ContentType, string Description)[] responses)
    {
        var operation = new OpenApiOperation { Summary = summary, Responses = [] };
        operation.Tags = new HashSet<OpenApiTagReference> { new(tag) };
        foreach (var (status, contentType, description) in responses)
        {
            operation.Responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [contentType] = new() { Schema = new OpenApiSchema { Type = contentType == "text/plain" ? JsonSchemaType.String : JsonSchemaType.Object } },
                },
            };
        }
        return operation;
    }
}
