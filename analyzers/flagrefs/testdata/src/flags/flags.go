package flags

import "feature"

const NewUI feature.Flag = "new_ui"

const prefix = "exp_"

const ExpSearch = prefix + "search"

var Gitaly = feature.NewFeatureFlag("gitaly_thing", "v17.1", "", false) // want Gitaly:"handle gitaly_thing"
