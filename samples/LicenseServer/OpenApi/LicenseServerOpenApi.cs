using System.Globalization;
using Glyphh.LicenseServer.Admin;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Glyphh.LicenseServer.OpenApi;

/// <summary>
/// The license server's OpenAPI document at <c>/docs/openapi.json</c> and the Scalar API reference at <c>/docs</c>
/// (its script served by the server itself). Endpoints declare their bodies and answers; this adds what the handlers
/// cannot: the admin key scheme, the query parameters read by hand, and the health package's request delegates.
/// </summary>
internal static class LicenseServerOpenApi
{
    public const string DocumentPath = "/docs/openapi.json";
    private const string AdminScheme = "adminApiKey";

    public static IServiceCollection AddLicenseServerOpenApi(this IServiceCollection services)
    {
        // The schemas follow the wire, which the generator reads from these options: the admin types' source-generated
        // context and its reading rules (numbers as numbers, unknown members refused). Only reading rules: the naming
        // policy would also rename the problems' traceId, so the snake_case names are applied to the schemas below.
        services.ConfigureHttpJsonOptions(o =>
        {
            var wire = AdminJsonContext.Default.Options;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, AdminJsonContext.Default);
            o.SerializerOptions.NumberHandling = wire.NumberHandling;
            o.SerializerOptions.UnmappedMemberHandling = wire.UnmappedMemberHandling;
        });
        return services.AddOpenApi(o => o.AddSchemaTransformer(DescribeWire).AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Glyphh license server",
                Version = "v1",
                Description = "Online license validation (signed receipts) and the admin API for licenses, their machines and the audit trail.",
                License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" },
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[AdminScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-API-Key",
                Description = "An admin API key whose SHA-256 hash is in ADMIN_API_KEY_HASHES.",
            };
            // redocly's no-server-trailing-slash: the generated server is the request's base URL, ending in '/'.
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }
            document.Paths ??= [];
            AddHealthRoutes(document);
            DescribeTags(document);
            foreach (var (path, item) in document.Paths)
            {
                foreach (var operation in item.Operations?.Values.AsEnumerable() ?? [])
                {
                    // Only the admin API needs a key; validation and the probes are anonymous, said explicitly.
                    operation.Security = path.StartsWith(AdminEndpoints.Prefix, StringComparison.Ordinal)
                        ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AdminScheme, document)] = [] }]
                        : [];
                }
            }
            return Task.CompletedTask;
        }));
    }

    private static Task DescribeWire(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type.Namespace == typeof(AdminJsonContext).Namespace && schema.Properties is { Count: > 0 } properties)
        {
            var policy = AdminJsonContext.Default.Options.PropertyNamingPolicy!;
            schema.Properties = properties.ToDictionary(p => policy.ConvertName(p.Key), p => p.Value, StringComparer.Ordinal);
            if (schema.Required is { Count: > 0 } required)
            {
                schema.Required = required.Select(policy.ConvertName).ToHashSet(StringComparer.Ordinal);
            }
        }
        else if (typeof(Microsoft.AspNetCore.Mvc.ProblemDetails).IsAssignableFrom(type))
        {
            // Problems carry extension members (traceId, errors, retry_after_seconds...), which the generated schema closes off.
            schema.AdditionalPropertiesAllowed = true;
            schema.AdditionalProperties = null;
        }
        return Task.CompletedTask;
    }

    public static void MapLicenseServerDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath).ExcludeFromDescription().AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o.WithTitle("Glyphh license server API").WithOpenApiRoutePattern(DocumentPath)).AllowAnonymous();
    }

    /// <summary>What every admin route can answer besides its own: a bad request, no key, a key that is not an admin.</summary>
    public static TBuilder WithAdminProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>A JSON body read by <see cref="Problems.JsonBody"/>, with its problem answers besides 400.</summary>
    /// <remarks>
    /// Described by a transformer, not <c>Accepts</c>: that metadata makes routing refuse another content type, which then
    /// falls to the fallback's 405 instead of the handler's 415 problem.
    /// </remarks>
    public static RouteHandlerBuilder WithJsonBody<TBody>(this RouteHandlerBuilder builder, bool optional = false)
        where TBody : notnull =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var document = context.Document!;
                var name = typeof(TBody).Name;
                document.AddComponent<IOpenApiSchema>(name, await context.GetOrCreateSchemaAsync(typeof(TBody), null, cancellationToken).ConfigureAwait(false));
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = !optional,
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchemaReference(name, document) } },
                };
            })
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>Query parameters the handler reads by hand (name, JSON type, description).</summary>
    public static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder builder, params (string Name, JsonSchemaType Type, string Description)[] parameters) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var (name, type, description) in parameters)
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name,
                    In = ParameterLocation.Query,
                    Description = description,
                    Schema = new OpenApiSchema { Type = type },
                });
            }
            return Task.CompletedTask;
        });

    /// <summary>A whole-number query parameter's description with its range and default.</summary>
    public static string Range(int min, int max, int fallback) =>
        string.Create(CultureInfo.InvariantCulture, $"A whole number from {min} to {max} (default {fallback}).");

    private static void AddHealthRoutes(OpenApiDocument document)
    {
        var status = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema> { ["status"] = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        OpenApiResponse Json(string description) => new()
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = status } },
        };
        OpenApiPathItem Get(string id, string summary, IDictionary<string, OpenApiResponse> responses)
        {
            var operation = new OpenApiOperation { OperationId = id, Summary = summary, Responses = [] };
            operation.Tags = new HashSet<OpenApiTagReference> { new("health", document) };
            foreach (var (code, response) in responses)
            {
                operation.Responses[code] = response;
            }
            return new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = operation } };
        }
        var readiness = new Dictionary<string, OpenApiResponse>
        {
            ["200"] = Json("Ready (ok or degraded), with each check's status and duration."),
            ["503"] = Json("Not ready (unhealthy)."),
        };
        document.Paths["/health"] = Get("GetLiveness", "Liveness: never touches dependencies.",
            new Dictionary<string, OpenApiResponse> { ["200"] = Json("Alive, with the version and uptime.") });
        document.Paths["/health/ready"] = Get("GetReadiness", "Readiness: the database and the signing key.", readiness);
        document.Paths["/ready"] = Get("GetReadinessAlias", "Alias of /health/ready.", readiness);
        document.Paths["/metrics"] = Get("GetMetrics", "Prometheus text exposition.", new Dictionary<string, OpenApiResponse>
        {
            ["200"] = new()
            {
                Description = "The metrics.",
                Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
            },
        });
    }

    private static void DescribeTags(OpenApiDocument document)
    {
        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var (name, description) in new[]
        {
            ("validation", "What licensed products call (anonymous, rate-limited)."),
            ("admin", "Licenses, their state and machines, and the audit trail (admin API key)."),
            ("health", "Probes and metrics (anonymous)."),
        })
        {
            // The generator lists the endpoints' tags already, without descriptions.
            var tag = document.Tags.FirstOrDefault(t => t.Name == name);
            if (tag is null)
            {
                document.Tags.Add(tag = new OpenApiTag { Name = name });
            }
            tag.Description = description;
        }
    }
}
