using Microsoft.Extensions.Options;

namespace Glyphh.Quotas.Internal;

/// <summary>Checks the DataAnnotations of <see cref="GlyphhQuotasOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class GlyphhQuotasOptionsValidator : IValidateOptions<GlyphhQuotasOptions>;
