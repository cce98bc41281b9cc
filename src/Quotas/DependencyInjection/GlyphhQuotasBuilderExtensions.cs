using System.Diagnostics.CodeAnalysis;
using Glyphh.Quotas;
using Glyphh.Quotas.Internal;
using Glyphh.Quotas.Stores;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Further configuration of <c>Glyphh.Quotas</c>.</summary>
public static class GlyphhQuotasBuilderExtensions
{
    /// <summary>Adds a tier-cap source resolved from DI. With several sources, the smallest cap applies.</summary>
    /// <typeparam name="TCaps">The implementation.</typeparam>
    /// <param name="builder">The quotas builder.</param>
    public static IGlyphhQuotasBuilder AddTierCaps<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TCaps>(this IGlyphhQuotasBuilder builder)
        where TCaps : class, IQuotaTierCaps
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IQuotaTierCaps, TCaps>());
        return builder;
    }

    /// <summary>Adds a tier-cap source as a function of (namespace, resource); return <see cref="QuotaLimit.Unlimited"/> for no cap.</summary>
    /// <param name="builder">The quotas builder.</param>
    /// <param name="getCap">Returns the cap; called on every reservation, so keep it fast.</param>
    public static IGlyphhQuotasBuilder AddTierCaps(this IGlyphhQuotasBuilder builder, Func<IServiceProvider, string, string, QuotaLimit> getCap)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(getCap);
        builder.Services.AddSingleton<IQuotaTierCaps>(sp => new DelegateTierCaps((ns, resource) => getCap(sp, ns, resource)));
        return builder;
    }

    /// <summary>
    /// Declares a resource and its default limit per namespace. A value configured under
    /// <c>Glyphh:Quotas:DefaultLimits:&lt;resource&gt;</c> (or set on <see cref="GlyphhQuotasOptions.DefaultLimits"/>) wins,
    /// so operators can change the default without code. Declaring it again changes the default.
    /// </summary>
    /// <param name="builder">The quotas builder.</param>
    /// <param name="resource">Lowercase letters, digits and <c>_</c>, starting with a letter, up to 63 characters.</param>
    /// <param name="defaultLimit">The default limit, for example <see cref="QuotaLimit.Unlimited"/>.</param>
    public static IGlyphhQuotasBuilder AddResource(this IGlyphhQuotasBuilder builder, string resource, QuotaLimit defaultLimit)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(resource);
        if (!QuotaValidation.IsValidResourceName(resource))
        {
            throw new ArgumentException($"'{QuotaValidation.Printable(resource)}' is not a valid resource name: use 1 to 63 lowercase letters, digits or '_', starting with a letter.", nameof(resource));
        }
        builder.Services.Configure<GlyphhQuotasOptions>(o => o.DeclaredLimits[resource] = defaultLimit.ToNullable());
        return builder;
    }

    /// <summary>
    /// Tells the quota endpoints which namespaces exist: <c>GET</c> and <c>PUT /namespaces/{namespace}/quotas</c>
    /// answer 404 <c>namespace-not-found</c> for any other, before reading or creating any state. Without a check
    /// every valid name is accepted.
    /// </summary>
    /// <param name="builder">The quotas builder.</param>
    /// <param name="exists">Returns whether the namespace exists (for example a lookup in the host's data).</param>
    public static IGlyphhQuotasBuilder AddNamespaceCheck(this IGlyphhQuotasBuilder builder, Func<IServiceProvider, string, CancellationToken, ValueTask<bool>> exists)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(exists);
        builder.Services.Replace(ServiceDescriptor.Singleton(new QuotaNamespaceCheck(exists)));
        return builder;
    }

    /// <summary>Replaces the usage store (the default is in memory, for one process).</summary>
    /// <typeparam name="TStore">The store implementation, registered as a singleton.</typeparam>
    /// <param name="builder">The quotas builder.</param>
    public static IGlyphhQuotasBuilder UseStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>(this IGlyphhQuotasBuilder builder)
        where TStore : class, IQuotaStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IQuotaStore, TStore>());
        return builder;
    }
}
