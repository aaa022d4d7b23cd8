export default {
  type: 'content-api',
  routes: [],
};
