// How a site owner extends the plugin's content types (Strapi's extension mechanism): the sync must
// never touch fields added here. The tests check that `localNote` survives every sync.
module.exports = (plugin) => {
  plugin.contentTypes.product.schema.attributes.localNote = { type: 'string' };
  return plugin;
};
