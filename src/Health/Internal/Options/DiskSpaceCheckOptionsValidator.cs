using Microsoft.Extensions.Options;

namespace Glyphh.Health.Internal.Options;

/// <summary>Data annotations of <see cref="DiskSpaceCheckOptions"/>, checked without reflection.</summary>
[OptionsValidator]
internal sealed partial class DiskSpaceCheckOptionsValidator : IValidateOptions<DiskSpaceCheckOptions>;
