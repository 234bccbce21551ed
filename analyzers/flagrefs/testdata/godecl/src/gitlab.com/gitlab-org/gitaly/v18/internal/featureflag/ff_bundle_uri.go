package featureflag

// BundleURI enables bundle URIs.
var BundleURI = NewFeatureFlag(
	"bundle_uri",
	"v16.6.0",
	"https://gitlab.com/gitlab-org/gitaly/-/issues/5656",
	false,
)
